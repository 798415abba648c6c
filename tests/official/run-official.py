#!/usr/bin/env python3
"""Run the official Lua 5.5 test suite file by file under an interpreter.

usage: run-official.py [--meson] ELARA

The suite's folder (the `testes` directory of a Lua 5.5 source tree) is
named by the environment variable ELARA_LUA_TESTES. Each test file runs as

    ELARA -e "_port=true; _soft=true" FILE

from inside that folder (the tests open helper files by relative path),
with a time limit per file: 120 s, or ELARA_OFFICIAL_TIMEOUT seconds.
_port skips the non-portable parts (shell, C libraries, locales) and _soft
the long or memory-hungry ones; both are the official driver's own switches.

Running each file on its own, instead of through all.lua, gives one result
per file, so one crash does not hide the rest. A file passes when the
interpreter exits with status 0.

Checked against the reference Lua 5.5.0 interpreter: all 30 files pass.
Six of them test nothing in this configuration: api.lua, code.lua and
memerr.lua need the internal test library T of a special reference build
and return at once without it; main.lua is skipped whole under _port (it
drives the stand-alone interpreter through a shell); big.lua and verybig.lua
return early under _soft.

Output is TAP: one line per file, failures followed by the last lines of
stderr as "#" comments, then "# official: N/M files passed". Exit status:
0 when every file passes, 1 otherwise, 77 with a message when
ELARA_LUA_TESTES is unset. With --meson (meson's TAP protocol treats any
nonzero exit as an error) a skip is the plan "1..0 # SKIP ..." and the exit
status is 0: failures are reported by the "not ok" lines.
"""

import glob
import os
import subprocess
import sys

SKIP_EXIT = 77
DEFAULT_TIMEOUT = 120
TAIL_LINES = 10

# Files of the suite that are not tests by themselves:
#   all.lua        the driver that runs every test file (we replace it);
#   bwcoercion.lua a module loaded with require by bitwise.lua;
#   tracegc.lua    a module loaded by all.lua to trace GC cycles;
#   heavy.lua      a separate memory stress test, not run by all.lua.
NOT_TESTS = {"all.lua", "bwcoercion.lua", "tracegc.lua", "heavy.lua"}

SETUP = "_port=true; _soft=true"


def tail(data, n=TAIL_LINES):
    lines = data.decode("utf-8", "replace").splitlines()
    return lines[-n:]


def main(argv):
    meson = "--meson" in argv
    args = [a for a in argv[1:] if a != "--meson"]
    if len(args) != 1:
        sys.stderr.write("usage: run-official.py [--meson] ELARA\n")
        return 2
    # The interpreter runs in the testes folder: make a path absolute, leave
    # a bare command name for the PATH lookup.
    elara = os.path.abspath(args[0]) if os.sep in args[0] else args[0]
    testes = os.environ.get("ELARA_LUA_TESTES")
    if not testes:
        msg = "ELARA_LUA_TESTES not set: skipping the official test suite"
        if meson:
            print("1..0 # SKIP " + msg)
            return 0
        print(msg)
        return SKIP_EXIT
    testes = os.path.abspath(testes)
    timeout = int(os.environ.get("ELARA_OFFICIAL_TIMEOUT", DEFAULT_TIMEOUT))

    files = sorted(f for f in (os.path.basename(p) for p in glob.glob(os.path.join(testes, "*.lua")))
                   if f not in NOT_TESTS)
    if not files:
        print("1..0 # SKIP no test files in %s" % testes)
        return 0 if meson else SKIP_EXIT

    print("1..%d" % len(files))
    sys.stdout.flush()
    passed = 0
    for n, name in enumerate(files, 1):
        why = None
        try:
            p = subprocess.run([elara, "-e", SETUP, name], cwd=testes,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=timeout)
            if p.returncode != 0:
                why = "exit status %d" % p.returncode
                if p.returncode < 0:
                    why = "killed by signal %d" % -p.returncode
            err = p.stderr
        except subprocess.TimeoutExpired as exc:
            why = "timeout after %d s" % timeout
            err = exc.stderr or b""
        except OSError as exc:
            why = "cannot run %s: %s" % (elara, exc)
            err = b""
        if why is None:
            passed += 1
            print("ok %d - %s" % (n, name))
        else:
            print("not ok %d - %s (%s)" % (n, name, why))
            for line in tail(err):
                print("# " + line)
        sys.stdout.flush()
    print("# official: %d/%d files passed" % (passed, len(files)))
    if meson:
        return 0
    return 0 if passed == len(files) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
