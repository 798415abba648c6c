#!/usr/bin/env python3
# check-output.py PROGRAM EXPECTED: run PROGRAM and compare its standard
# output with the file EXPECTED, line by line.  A line of EXPECTED that
# starts with "~ " is a regular expression the output line must match in
# full (for output that depends on the installation, such as whether a JIT
# plugin is present).  Exit status 0 on a match and a successful run.
import re
import subprocess
import sys

prog, expected_path = sys.argv[1], sys.argv[2]
run = subprocess.run([prog], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True, timeout=60)
with open(expected_path, encoding='utf-8') as f:
    expected = f.read().splitlines()
got = run.stdout.splitlines()
ok = run.returncode == 0 and len(got) == len(expected)
if ok:
    for e, g in zip(expected, got):
        if e.startswith('~ '):
            ok = re.fullmatch(e[2:], g) is not None
        else:
            ok = e == g
        if not ok:
            break
if not ok:
    sys.stdout.write('--- expected\n' + '\n'.join(expected) + '\n')
    sys.stdout.write('--- got (exit status %d)\n' % run.returncode)
    sys.stdout.write(run.stdout)
    sys.stdout.write('--- stderr\n' + run.stderr)
    sys.exit(1)
print('output matches %s' % expected_path)
