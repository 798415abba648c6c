#!/usr/bin/env python3
"""Differential test: run every tests/lua/*.lua script under the reference
Lua 5.5 interpreter and under Elara, and compare what they do.

usage: run-diff.py [--meson] ELARA LUA_TEST_DIR

The reference interpreter is named by the environment variable
ELARA_REF_LUA. Output is TAP: one "ok"/"not ok" line per script, with the
differences as "#" comment lines.

What is compared, and why:
  * the exit status, exactly (0 for success; the stand-alone interpreters
    exit with 1 on an uncaught error);
  * stdout, byte for byte: the scripts print only deterministic text
    (no addresses, no timings), so any difference is a real one;
  * stderr, first line only, after replacing the interpreter's name prefix
    (`/path/to/lua: ` or `elara: `, i.e. argv[0] or its basename followed by
    ": ") with "<interp>: ". The first line carries the error message or the
    first warning, which must match the reference; the lines after it are a
    stack traceback, whose frame descriptions legitimately differ between
    implementations (C frames, naming of functions).
A script whose stdout under Elara has a line starting with "SKIP:" (it needs
a library Elara does not load) is reported as skipped, not compared.

Exit status: 77 with a message when ELARA_REF_LUA is unset, 1 if any script
differs, 0 otherwise. With --meson (used by meson's TAP protocol, which
treats any nonzero exit as an error) everything is reported through TAP
instead: a skip is the plan "1..0 # SKIP ...", and the exit status is 0
unless the runner itself is misused.
"""

import difflib
import glob
import os
import subprocess
import sys

TIMEOUT = 120  # seconds per script and interpreter
SKIP_EXIT = 77


def run(cmd, script, cwd):
    """Run `cmd script` in cwd; return (status, stdout bytes, stderr bytes)."""
    try:
        p = subprocess.run([cmd, script], cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return ("timeout after %ds" % TIMEOUT, b"", b"")
    except OSError as exc:
        return ("cannot run: %s" % exc, b"", b"")
    return (p.returncode, p.stdout, p.stderr)


def first_stderr_line(cmd, data):
    """First line of stderr with the interpreter's "name: " prefix unified."""
    lines = data.decode("utf-8", "replace").splitlines()
    if not lines:
        return ""
    line = lines[0]
    for prefix in (cmd, os.path.basename(cmd)):
        if line.startswith(prefix + ": "):
            return "<interp>: " + line[len(prefix) + 2:]
    return line


def compare(ref, ref_res, elara, el_res):
    """Return a list of human-readable difference lines (empty if equal)."""
    diffs = []
    if ref_res[0] != el_res[0]:
        diffs.append("exit status: reference %s, elara %s" % (ref_res[0], el_res[0]))
    if ref_res[1] != el_res[1]:
        a = ref_res[1].decode("utf-8", "replace").splitlines()
        b = el_res[1].decode("utf-8", "replace").splitlines()
        diffs.append("stdout differs:")
        diffs.extend(difflib.unified_diff(a, b, "reference", "elara", lineterm="", n=2))
    ra = first_stderr_line(ref, ref_res[2])
    eb = first_stderr_line(elara, el_res[2])
    if ra != eb:
        diffs.append("stderr (first line) differs:")
        diffs.append("  reference: " + ra)
        diffs.append("  elara:     " + eb)
    return diffs


def main(argv):
    meson = "--meson" in argv
    args = [a for a in argv[1:] if a != "--meson"]
    if len(args) != 2:
        sys.stderr.write("usage: run-diff.py [--meson] ELARA LUA_TEST_DIR\n")
        return 2
    # Paths are made absolute because the interpreters run in the test
    # folder; bare names are left for a PATH lookup.
    elara = os.path.abspath(args[0]) if os.sep in args[0] else args[0]
    testdir = os.path.abspath(args[1])
    ref = os.environ.get("ELARA_REF_LUA")
    if not ref:
        msg = "ELARA_REF_LUA not set: skipping differential suite"
        if meson:
            print("1..0 # SKIP " + msg)
            return 0
        print(msg)
        return SKIP_EXIT
    ref = os.path.abspath(ref) if os.sep in ref else ref

    scripts = sorted(os.path.basename(p) for p in glob.glob(os.path.join(testdir, "*.lua")))
    print("1..%d" % len(scripts))
    failed = skipped = 0
    for n, script in enumerate(scripts, 1):
        el_res = run(elara, script, testdir)
        skip = [l for l in el_res[1].decode("utf-8", "replace").splitlines()
                if l.startswith("SKIP:")]
        if skip and el_res[0] == 0:
            print("ok %d - %s # SKIP %s" % (n, script, skip[0][5:].strip()))
            skipped += 1
            continue
        ref_res = run(ref, script, testdir)
        diffs = compare(ref, ref_res, elara, el_res)
        if diffs:
            failed += 1
            print("not ok %d - %s" % (n, script))
            for line in diffs:
                print("# " + line)
        else:
            print("ok %d - %s" % (n, script))
        sys.stdout.flush()
    print("# diff: %d/%d scripts match the reference, %d skipped, %d differ"
          % (len(scripts) - failed - skipped, len(scripts), skipped, failed))
    if meson:
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
