#!/usr/bin/env python3
"""Build Elara with GCC profile-guided optimisation (PGO).

usage: pgo.py BUILDDIR [MESON_SETUP_OPTION...]

  1. meson setup BUILDDIR --buildtype=release -Db_pgo=generate [options]
     (an existing BUILDDIR is reconfigured instead)
  2. ninja -C BUILDDIR
  3. the training run: `meson test -C BUILDDIR --suite lua`, i.e. the
     scripts of tests/lua (language, libraries, coroutines, the collector).
     The benchmark programs of bench/ are deliberately not used, so that
     figures measured with a PGO build are not tuned to the programs that
     measure them.
  4. meson configure BUILDDIR -Db_pgo=use; ninja -C BUILDDIR

The result is BUILDDIR/cli/elara with its plugins, as from a plain release
build. Why PGO pays for an interpreter: the dispatch loop's speed depends
on where GCC places the handlers and which values it keeps in registers;
without a profile that is layout luck (docs/PERFORMANCE.md records
programs moving by 20% after unrelated edits). With the profile, GCC lays
out the hot handlers and paths first. Distributions build CPython the same
way; a packager runs this script instead of the two meson commands.

GCC only: clang's PGO needs llvm-profdata to merge its raw profiles.
"""

import glob
import os
import shutil
import subprocess
import sys


def run(cmd):
    sys.stderr.write("+ " + " ".join(cmd) + "\n")
    subprocess.run(cmd, check=True)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    build = os.path.abspath(argv[1])
    extra = argv[2:]
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cc = os.environ.get("CC", "cc")
    version = subprocess.run([cc, "--version"], capture_output=True,
                             text=True).stdout
    if "clang" in version:
        sys.stderr.write("pgo.py: %s is clang; this script drives GCC's PGO only\n" % cc)
        return 2
    meson = shutil.which("meson") or "meson"
    if os.path.isfile(os.path.join(build, "build.ninja")):
        run([meson, "configure", build, "--buildtype=release",
             "-Db_pgo=generate"] + extra)
    else:
        run([meson, "setup", build, top, "--buildtype=release",
             "-Db_pgo=generate"] + extra)
    # stale profiles from an earlier training would be merged into this one
    for f in glob.glob(os.path.join(build, "**", "*.gcda"), recursive=True):
        os.remove(f)
    run(["ninja", "-C", build])
    # the training run; a failing test is an error of the build, not of PGO
    run([meson, "test", "-C", build, "--suite", "lua", "--no-rebuild",
         "--print-errorlogs"])
    if not glob.glob(os.path.join(build, "**", "*.gcda"), recursive=True):
        sys.stderr.write("pgo.py: the training run wrote no profile (*.gcda)\n")
        return 1
    run([meson, "configure", build, "-Db_pgo=use"])
    run(["ninja", "-C", build])
    sys.stderr.write("pgo.py: built %s with profile-guided optimisation\n"
                     % os.path.join(build, "cli", "elara"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
