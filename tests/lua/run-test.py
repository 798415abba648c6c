#!/usr/bin/env python3
"""Run one Lua test script under Elara for meson.

usage: run-test.py ELARA SCRIPT [ARGS...]

The script runs with its own folder as the working directory, because the
tests refer to helper files (data/...) by relative path, exactly as they do
when run by hand with `cd tests/lua && elara X.lua`.

stdout and stderr are passed through unchanged so that `meson test -v`
shows them. The exit status is the child's, except that a script printing a
line starting with "SKIP:" (e.g. because an optional library is missing)
returns 77, which meson reports as a skipped test.
"""

import os
import subprocess
import sys

SKIP_EXIT = 77  # meson's "skipped" exit status


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: run-test.py ELARA SCRIPT [ARGS...]\n")
        return 2
    # A bare command name is looked up in PATH; a path is made absolute
    # because the child runs in another directory.
    elara = argv[1] if os.sep not in argv[1] else os.path.abspath(argv[1])
    script = os.path.abspath(argv[2])
    try:
        proc = subprocess.run([elara, os.path.basename(script)] + argv[3:],
                              cwd=os.path.dirname(script),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        sys.stderr.write("run-test.py: cannot run %s: %s\n" % (elara, exc))
        return 1
    # Write bytes: test output need not be valid UTF-8.
    sys.stdout.buffer.write(proc.stdout)
    sys.stdout.flush()
    sys.stderr.buffer.write(proc.stderr)
    sys.stderr.flush()
    if any(line.startswith(b"SKIP:") for line in proc.stdout.splitlines()):
        return SKIP_EXIT
    # A child killed by a signal has a negative returncode: report failure
    # with a distinct nonzero value rather than letting it wrap around.
    if proc.returncode < 0:
        sys.stderr.write("run-test.py: killed by signal %d\n" % -proc.returncode)
        return 1
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
