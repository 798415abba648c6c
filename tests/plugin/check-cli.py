#!/usr/bin/env python3
# check-cli.py: run a command, check its exit status and output.
# SPDX-License-Identifier: MIT
#
# usage: check-cli.py [--status N] [--stdout REGEX]... [--stderr REGEX]...
#                     -- COMMAND [ARGS...]
# Each REGEX must match somewhere in that stream (re.search, multiline).
# A process killed by a signal always fails, whatever --status says, so a
# crash is never mistaken for an expected error.
import argparse
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--status', type=int, default=0)
    ap.add_argument('--stdout', action='append', default=[])
    ap.add_argument('--stderr', action='append', default=[])
    ap.add_argument('command', nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ['--'] else args.command
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)
    problems = []
    if proc.returncode < 0:
        problems.append('killed by signal %d' % -proc.returncode)
    elif proc.returncode != args.status:
        problems.append('exit status %d, expected %d'
                        % (proc.returncode, args.status))
    for name, pats, text in (('stdout', args.stdout, proc.stdout),
                             ('stderr', args.stderr, proc.stderr)):
        for pat in pats:
            if not re.search(pat, text, re.MULTILINE):
                problems.append('%s does not match %r' % (name, pat))
    if problems:
        print('command: %r' % cmd)
        print('stdout:\n' + proc.stdout)
        print('stderr:\n' + proc.stderr)
        for p in problems:
            print('FAIL: ' + p)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
