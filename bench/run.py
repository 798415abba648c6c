#!/usr/bin/env python3
"""Benchmark runner: Elara against the reference Lua 5.5 and, when
installed, Debian's lua5.4 and LuaJIT's interpreter (`luajit -joff`).

usage: run.py [--elara PATH] [--ref PATH] [--rounds N] [--only a,b]
              [--metric cpu|wall] [--timeout S] [--write-md PATH]
              [--startup-runs N] [--also NAME=PATH ...]

  --elara    the elara launcher (default: $ELARA, else ../build/cli/elara
             or ../build/elara relative to this folder). A missing elara is
             reported and the other interpreters are still measured.
  --ref      the reference interpreter (default: $ELARA_REF_LUA).
  --also     a further interpreter measured as column NAME, e.g.
             `--also elara-nopgo=build-rel/cli/elara` next to a PGO build
             (bench/pgo.py) given as --elara; repeatable.
  --rounds   runs of every program on every interpreter (default 5).
  --metric   cpu: user+sys CPU seconds of the child (default; steadier
             than wall-clock time on a shared machine), or wall.
  --write-md write the results as a markdown section to PATH
             (docs/PERFORMANCE.md).
  --startup-runs  start-ups of `-e ''` per interpreter and round (default
             100; 0 skips them): the start-up table gives the mean CPU
             time of one start, also for `elara --plugins=` (base only).

Every *.lua file in this folder is a program that prints one checksum
line. Runs are interleaved (each round runs every program on every
interpreter) so that drifts in machine load affect all interpreters alike;
each cell is the median over the rounds. Every interpreter's output must
equal the baseline's (the reference, or the first interpreter when there is
no reference): a mismatch is flagged and the cell is left out of the ratios.
A program that fails with "attempt to index a nil value" (a library the
interpreter does not load) or prints a "SKIP:" line is reported as skipped. Peak memory is the
largest peak RSS of the program over the rounds (see measure()), with
Elara's over the reference's in the last column.
"""

import argparse
import atexit
import datetime
import glob
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# Programs in this folder that are not checksum benchmarks.
NOT_TIMED = {"gcpause.lua"}

HERE = os.path.dirname(os.path.abspath(__file__))
MISSING_LIB = "attempt to index a nil value"


class Interp:
    def __init__(self, name, cmd):
        self.name = name
        self.cmd = cmd


def vm_hwm(pid):
    """Peak resident set size (KiB) of a live process, or 0."""
    try:
        with open("/proc/%s/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


_helper = []


def maxrss_helper():
    """The path of maxrss (maxrss.c, compiled once per run into a temporary
    folder with the system's C compiler), or None without a compiler."""
    if not _helper:
        path = None
        cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
        if cc and sys.platform.startswith("linux"):
            folder = tempfile.mkdtemp(prefix="elara-bench-")
            atexit.register(shutil.rmtree, folder, True)
            path = os.path.join(folder, "maxrss")
            try:
                subprocess.run([cc, "-O2", "-o", path, os.path.join(HERE, "maxrss.c")],
                               check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            except (OSError, subprocess.CalledProcessError):
                path = None
        _helper.append(path)
    return _helper[0]


def measure(cmd, prog, timeout):
    """Run cmd + [prog]; return a dict with status, out, err, cpu, wall, rss.

    CPU time and peak RSS are the kernel's figures for the program alone
    (wait4's rusage). The program runs under the small maxrss helper
    (maxrss.c) when a C compiler is at hand: a child's ru_maxrss also counts
    the resident pages of the process it was forked from until it calls
    exec, which for this Python (~10 MiB) would swamp a 2 MiB program.
    Without the helper, such a ru_maxrss says nothing about the program, and
    the peak polled every 5 ms from /proc/PID/status (VmHWM) is used instead;
    polling misses what the program touches in its last milliseconds.
    """
    helper = maxrss_helper()
    own_peak = vm_hwm("self")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as report:
        full = cmd + [prog]
        if helper:
            full = [helper, report.name] + full
        start = time.perf_counter()
        try:
            p = subprocess.Popen(full, cwd=HERE, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err, start_new_session=True)
        except OSError as exc:
            return {"status": "cannot run: %s" % exc, "out": "", "err": ""}
        polled, timed_out = 0, False
        while True:
            pid, wstatus, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if not helper:
                polled = max(polled, vm_hwm(p.pid))
            if time.perf_counter() - start > timeout and not timed_out:
                os.killpg(p.pid, 9)  # the helper and the program
                timed_out = True
            time.sleep(0.005)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(wstatus)  # keep Popen consistent
        out.seek(0)
        err.seek(0)
        fields = report.read().split() if helper else []
        if len(fields) == 4:
            rss = int(fields[0])  # KiB on Linux
            cpu = float(fields[1]) + float(fields[2])
        else:
            # The child inherits our resident pages until it calls exec, so
            # a ru_maxrss near our own peak (read before and after the fork:
            # the fork itself may raise it) is ours, not the program's.
            own_peak = max(own_peak, vm_hwm("self"))
            if ru.ru_maxrss > own_peak + 1024 or not polled:
                rss = ru.ru_maxrss
            else:
                rss = polled
            cpu = ru.ru_utime + ru.ru_stime
        return {"status": "timeout" if timed_out else p.returncode,
                "out": out.read().decode("utf-8", "replace").strip(),
                "err": err.read().decode("utf-8", "replace").strip(),
                "cpu": cpu, "wall": wall, "rss": rss}


def startup_variants(interps):
    """The start-up commands: every interpreter running `-e ''`, and
    Elara once more with only its base library (`--plugins=`)."""
    out = [(it.name, it.cmd + ["-e", ""]) for it in interps]
    for it in interps:
        if it.name == "elara":
            out.append(("elara --plugins=", it.cmd + ["--plugins=", "-e", ""]))
    return out


def measure_startup(cmd, runs):
    """Mean CPU milliseconds (user+sys) of one start-up of cmd over 'runs'
    back-to-back starts (one sample per round)."""
    cpu = 0.0
    for _ in range(runs):
        try:
            p = subprocess.Popen(cmd, cwd=HERE, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            return None
        _, wstatus, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(wstatus)
        if p.returncode != 0:
            return None
        cpu += ru.ru_utime + ru.ru_stime
    return {"cpu": cpu * 1000 / runs}


def summarise_startup(samples):
    """name -> {cpu: median ms over the rounds} (None if it failed)."""
    out = {}
    for name, runs in samples.items():
        good = [r for r in runs if r is not None]
        if not good or len(good) != len(runs):
            out[name] = None
            continue
        out[name] = {"cpu": statistics.median(r["cpu"] for r in good)}
    return out


def startup_rows(startup):
    """Rows [name, cpu ms, cpu - ref cpu] of the start-up table.  (Wall time
    and memory are left out: from this runner wall time is dominated by
    Python's own fork and exec, and a 1 ms child's peak RSS is inherited
    from this process; the programs' table shows the baseline memory.)"""
    ref = startup.get("ref")
    rows = []
    for name, r in startup.items():
        if r is None:
            rows.append([name, "error", "-"])
            continue
        extra = "%+.2f" % (r["cpu"] - ref["cpu"]) if ref else "-"
        rows.append([name, "%.2f" % r["cpu"], extra])
    return rows


def version(interp):
    """One line describing an interpreter (its -v output)."""
    try:
        p = subprocess.run(interp.cmd + ["-v"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=10)
        line = p.stdout.decode("utf-8", "replace").strip().splitlines()
        return line[0] if line else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def find_interpreters(args, log):
    interps = []
    elara = args.elara or os.environ.get("ELARA")
    if elara:
        candidates = [elara]
    else:
        # the launcher of a default `meson setup build` at the top level
        candidates = [os.path.join(HERE, "..", "build", "cli", "elara"),
                      os.path.join(HERE, "..", "build", "elara")]
    found = None
    for c in candidates:
        path = shutil.which(c) if os.sep not in c else c
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            found = os.path.abspath(path)
            break
    if found:
        interps.append(Interp("elara", [found]))
    else:
        log("elara: not found at %s (build Elara or pass --elara PATH); "
            "measuring the other interpreters only" % " or ".join(candidates))
    ref = args.ref or os.environ.get("ELARA_REF_LUA")
    if ref:
        ref_path = shutil.which(ref) if os.sep not in ref else ref
        if ref_path and os.access(ref_path, os.X_OK):
            interps.insert(0, Interp("ref", [os.path.abspath(ref_path)]))
        else:
            log("ref: ELARA_REF_LUA=%s is not executable; skipping it" % ref)
    else:
        log("ref: ELARA_REF_LUA not set (or pass --ref); no reference timings")
    for spec in args.also:
        name, sep, path = spec.partition("=")
        if not sep or not name or name in ("ref", "elara"):
            log("--also %s: expected NAME=PATH with a new NAME; skipping it" % spec)
        elif not (os.path.isfile(path) and os.access(path, os.X_OK)):
            log("--also %s: %s is not executable; skipping it" % (spec, path))
        else:
            interps.append(Interp(name, [os.path.abspath(path)]))
    if shutil.which("lua5.4"):
        interps.append(Interp("lua5.4", ["lua5.4"]))
    if shutil.which("luajit"):
        interps.append(Interp("luajit -joff", ["luajit", "-joff"]))
    return interps


def fmt_time(x):
    return "%.3f" % x if x is not None else "-"


def fmt_ratio(x):
    return "%.2fx" % x if x is not None else "-"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--elara")
    ap.add_argument("--ref")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", help="comma-separated program names (without .lua)")
    ap.add_argument("--metric", choices=("cpu", "wall"), default="cpu")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--write-md", metavar="PATH")
    ap.add_argument("--also", action="append", default=[], metavar="NAME=PATH",
                    help="a further interpreter to measure as column NAME "
                         "(e.g. a second Elara build); repeatable")
    ap.add_argument("--startup-runs", type=int, default=100,
                    help="start-ups of `-e ''` per interpreter and round (0: skip)")
    args = ap.parse_args()

    def log(msg):
        sys.stderr.write(msg + "\n")

    interps = find_interpreters(args, log)
    if not interps:
        log("no interpreter to measure")
        return 1
    # gcpause.lua reports pause times, not a checksum: it is run by hand
    progs = sorted(os.path.basename(p)[:-4]
                   for p in glob.glob(os.path.join(HERE, "*.lua"))
                   if os.path.basename(p) not in NOT_TIMED)
    if args.only:
        wanted = args.only.split(",")
        progs = [p for p in progs if p in wanted]
    if not progs:
        log("no benchmark program selected")
        return 1

    # results[prog][interp name] = list of run dicts
    results = {p: {i.name: [] for i in interps} for p in progs}
    starts = startup_variants(interps)
    startup = {name: [] for name, _ in starts}
    for rnd in range(1, args.rounds + 1):
        log("round %d/%d" % (rnd, args.rounds))
        for prog in progs:
            for it in interps:
                results[prog][it.name].append(measure(it.cmd, prog + ".lua", args.timeout))
        if args.startup_runs > 0:
            for name, cmd in starts:
                startup[name].append(measure_startup(cmd, args.startup_runs))
    startup = summarise_startup(startup) if args.startup_runs > 0 else {}

    # Summarise: a cell is a median time, or a reason why there is none.
    base = interps[0].name
    cells = {}
    for prog in progs:
        expected = results[prog][base][0]["out"]
        for it in interps:
            runs = results[prog][it.name]
            bad = [r for r in runs if r["status"] != 0]
            if bad:
                r = bad[0]
                if r["status"] != "timeout" and MISSING_LIB in r["err"]:
                    note = "skipped"
                else:
                    note = "error" if r["status"] != "timeout" else "timeout"
                cells[prog, it.name] = {"note": note, "detail": r["err"].splitlines()[:1]}
                continue
            outs = {r["out"] for r in runs}
            if any(o.startswith("SKIP:") for o in outs):
                cells[prog, it.name] = {"note": "skipped", "detail": [sorted(outs)[0]]}
                continue
            if it.name != base and outs != {expected}:
                cells[prog, it.name] = {"note": "mismatch",
                                        "detail": ["got %r, expected %r" % (sorted(outs)[0], expected)]}
                continue
            cells[prog, it.name] = {"time": statistics.median(r[args.metric] for r in runs),
                                    "rss": max(r["rss"] for r in runs)}

    def t(prog, name):
        c = cells.get((prog, name))
        return c.get("time") if c else None

    names = [i.name for i in interps]
    has_ratio = "ref" in names and "elara" in names
    # speed relative to the reference: ref_time / x_time (>1: faster)
    def ratio(prog, name):
        a, b = t(prog, "ref"), t(prog, name)
        return a / b if a and b else None

    # -- plain-text table ------------------------------------------------
    head = ["program"] + names + (["ref/elara"] if has_ratio else [])
    rows = []
    for prog in progs:
        row = [prog]
        for n in names:
            c = cells[prog, n]
            row.append(fmt_time(c["time"]) if "time" in c else c["note"])
        if has_ratio:
            row.append(fmt_ratio(ratio(prog, "elara")))
        rows.append(row)
    if "ref" in names:
        gm = ["geomean ref/x"] + [fmt_ratio(geomean([ratio(p, n) for p in progs])) for n in names]
        if has_ratio:
            gm.append(fmt_ratio(geomean([ratio(p, "elara") for p in progs])))
        rows.append(gm)
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    print("median %s time in seconds over %d rounds" % (args.metric, args.rounds))
    for r in [head] + rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))
    print()
    print("peak RSS (MiB)")
    mhead = ["program"] + names + (["elara/ref"] if has_ratio else [])
    mrows = [[p] + ["%.1f" % (cells[p, n]["rss"] / 1024) if "rss" in cells[p, n] else "-"
                    for n in names] + ([fmt_ratio(mem_ratio(cells, p))] if has_ratio else [])
             for p in progs]
    mw = [max(len(str(r[i])) for r in [mhead] + mrows) for i in range(len(mhead))]
    for r in [mhead] + mrows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, mw))))
    problems = [(p, n, c) for (p, n), c in sorted(cells.items()) if "note" in c]
    for p, n, c in problems:
        print("note: %s on %s: %s %s" % (p, n, c["note"], " ".join(c["detail"])))
    if startup:
        print()
        print("start-up of `-e ''` (ms per run, median over the rounds of %d runs)"
              % args.startup_runs)
        shead = ["interpreter", "cpu", "cpu-ref"]
        srows = startup_rows(startup)
        sw = [max(len(str(r[i])) for r in [shead] + srows) for i in range(len(shead))]
        for r in [shead] + srows:
            print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                            for i, (c, w) in enumerate(zip(r, sw))))

    if args.write_md:
        write_md(args, interps, progs, cells, names, has_ratio, ratio, startup)
    return 0


def mem_ratio(cells, prog):
    """Elara's peak RSS over the reference's (below 1.00x: less memory)."""
    a, b = cells.get((prog, "elara"), {}), cells.get((prog, "ref"), {})
    return a["rss"] / b["rss"] if a.get("rss") and b.get("rss") else None


def write_md(args, interps, progs, cells, names, has_ratio, ratio, startup):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        pass
    argv = [os.path.relpath(sys.argv[0])] + sys.argv[1:]
    env = []
    if not args.ref and os.environ.get("ELARA_REF_LUA"):
        env.append("ELARA_REF_LUA=" + shlex.quote(os.environ["ELARA_REF_LUA"]))
    if not args.elara and os.environ.get("ELARA"):
        env.append("ELARA=" + shlex.quote(os.environ["ELARA"]))
    L = []
    L.append("## Benchmarks")
    L.append("")
    L.append("Measured %s on %s (%s, %d CPUs, load average %.2f at the end)."
             % (datetime.date.today().isoformat(), platform.node() or "?", cpu,
                os.cpu_count() or 0, os.getloadavg()[0]))
    L.append("Each cell is the median %s time in seconds over %d interleaved rounds "
             "(%s). Reproduce with:"
             % (args.metric, args.rounds,
                "user+sys CPU time of the program" if args.metric == "cpu" else "wall-clock time"))
    L.append("")
    L.append("```sh")
    L.append("cd bench && " + " ".join(env + [shlex.quote(a) for a in ["python3"] + argv]))
    L.append("```")
    L.append("")
    L.append("Interpreters:")
    L.append("")
    for it in interps:
        L.append("* `%s`: `%s` (%s)" % (it.name, " ".join(it.cmd), version(it)))
    L.append("")
    head = ["program"] + names + (["ref/elara"] if has_ratio else [])
    L.append("| " + " | ".join(head) + " |")
    L.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    for p in progs:
        row = [p] + [fmt_time(cells[p, n]["time"]) if "time" in cells[p, n] else cells[p, n]["note"]
                     for n in names]
        if has_ratio:
            row.append(fmt_ratio(ratio(p, "elara")))
        L.append("| " + " | ".join(row) + " |")
    if "ref" in names:
        row = ["**geomean ref/x**"] + [fmt_ratio(geomean([ratio(p, n) for p in progs])) for n in names]
        if has_ratio:
            row.append(fmt_ratio(geomean([ratio(p, "elara") for p in progs])))
        L.append("| " + " | ".join(row) + " |")
        L.append("")
        L.append("`ref/x` is the reference's time divided by the interpreter's: above 1.00x "
                 "the interpreter is faster than the reference.")
    if "elara" not in names:
        L.append("")
        L.append("Elara was not measured (no launcher found).")
    L.append("")
    L.append("Peak resident memory (MiB, largest over the rounds; %s):"
             % ("ru_maxrss of the program alone, run under bench/maxrss.c"
                if maxrss_helper() else "VmHWM polled every 5 ms"))
    L.append("")
    mnames = names + (["elara/ref"] if has_ratio else [])
    L.append("| program | " + " | ".join(mnames) + " |")
    L.append("|" + "|".join(["---"] + ["---:"] * len(mnames)) + "|")
    for p in progs:
        L.append("| " + " | ".join([p] + ["%.1f" % (cells[p, n]["rss"] / 1024) if "rss" in cells[p, n]
                                          else "-" for n in names]
                                   + ([fmt_ratio(mem_ratio(cells, p))] if has_ratio else [])) + " |")
    if startup:
        L.append("")
        L.append("Start-up of `-e ''` (user+sys CPU milliseconds per run: the median over "
                 "the rounds of the mean of %d back-to-back runs; `cpu-ref` is the time "
                 "above the reference's):" % args.startup_runs)
        L.append("")
        L.append("| interpreter | cpu | cpu-ref |")
        L.append("|---|---:|---:|")
        for r in startup_rows(startup):
            L.append("| " + " | ".join(r) + " |")
    notes = [(p, n, c) for (p, n), c in sorted(cells.items()) if "note" in c]
    if notes:
        L.append("")
        for p, n, c in notes:
            L.append("* %s on %s: %s %s" % (p, n, c["note"], " ".join(c["detail"])))
    L.append("")
    with open(args.write_md, "w") as f:
        f.write("\n".join(L))
    sys.stderr.write("wrote %s\n" % args.write_md)


if __name__ == "__main__":
    sys.exit(main())
