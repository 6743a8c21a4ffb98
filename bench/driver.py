#!/usr/bin/env python3
"""oxre's benchmark driver: runs every engine on every benchmark it supports.

It reads rebar's benchmark definitions (and oxre's own, in bench/definitions/,
in the same format), prepares each benchmark's haystack and pattern, runs the
runner programs (bench/runner.h describes their protocol), checks every count
against the expected one (a wrong count is an error and is not timed), and
writes docs/benchmarks.md and docs/redos.png. Measurements are interleaved:
each round runs every benchmark on every engine, in a fresh random engine
order, so that drift in the machine's speed hits all engines alike; a result
is the median of all iterations of all rounds.

Python 3.11 standard library only (tomllib); matplotlib for the plot.
Run `make bench` rather than this script: it builds the runners first.
"""

import argparse
import dataclasses
import datetime
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# oxre is built with the regex crate's perf-dfa-full feature (rust/Cargo.toml),
# so its like-for-like baseline is the crate called from Rust with that
# feature; DEFAULTS is the crate with its default features.
BASELINE = "rust/regex/dfa-full"
DEFAULTS = "rust/regex"
# oxre through its C++ header (bench/engine-oxre-cpp.cc), compared with the
# C runner: what oxre.hpp costs.
CPP = "oxre/c++"

# ---------------------------------------------------------------------------
# Benchmark definitions


@dataclasses.dataclass
class Bench:
    name: str
    model: str
    patterns: list  # raw pattern texts, before literal escaping
    literal: bool
    prepend: str
    append: str
    per_line: str | None
    case_insensitive: bool
    unicode: bool
    haystack: bytes
    count: object  # int, or list of {engine, count}
    engines: list
    group_analysis: str


def load_definitions(root: Path):
    """Every [[bench]] under root/definitions (rebar's layout), by full name."""
    defs = {}
    base = root / "definitions"
    for path in sorted(base.rglob("*.toml")):
        group = path.relative_to(base).with_suffix("").as_posix()
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for b in data.get("bench", []):
            defs[f"{group}/{b['name']}"] = (b, data.get("analysis", ""))
    return defs


def make_haystack(spec, hay_dir: Path) -> bytes:
    """A haystack as rebar's FORMAT.md defines it."""
    if isinstance(spec, str):
        return spec.encode()
    if "contents" in spec:
        data = spec["contents"].encode()
    else:
        data = (hay_dir / spec["path"]).read_bytes()
    if spec.get("utf8-lossy"):
        data = data.decode("utf-8", "replace").encode()
    if spec.get("trim"):
        data = data.strip()
    if "line-start" in spec or "line-end" in spec:
        lines = data.split(b"\n")
        lines = [l + b"\n" for l in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        data = b"".join(lines[spec.get("line-start", 0):spec.get("line-end")])
    data = data * spec.get("repeat", 1)
    return spec.get("prepend", "").encode() + data + spec.get("append", "").encode()


def make_bench(name, b, analysis, root: Path) -> Bench:
    spec = b["regex"]
    literal, prepend, append, per_line = False, "", "", None
    if isinstance(spec, str):
        pats = [spec]
    elif isinstance(spec, list):
        pats = list(spec)
    else:
        literal = spec.get("literal", False)
        prepend, append = spec.get("prepend", ""), spec.get("append", "")
        if "path" in spec:
            text = (root / "regexes" / spec["path"]).read_text().strip()
            per_line = spec.get("per-line")
            pats = text.splitlines() if per_line else [text]
        else:
            p = spec.get("patterns", [])
            pats = [p] if isinstance(p, str) else list(p)
    return Bench(
        name=name, model=b["model"], patterns=pats, literal=literal,
        prepend=prepend, append=append, per_line=per_line,
        case_insensitive=b.get("case-insensitive", False),
        unicode=b.get("unicode", False),
        haystack=make_haystack(b["haystack"], root / "haystacks"),
        count=b["count"], engines=b.get("engines", []), group_analysis=analysis)


PERL_META = set("\\.+*?()|[]{}^$#&-~")
POSIX_META = set("\\.[]()*+?{}|^$")


def escape(text: str, syntax: str) -> str:
    meta = {"perl": PERL_META, "posix": POSIX_META, "literal": set()}[syntax]
    return "".join("\\" + c if c in meta else c for c in text)


def bench_patterns(b: Bench, syntax: str) -> list:
    """The pattern(s) an engine of the given syntax compiles."""
    pats = [escape(p, syntax) if b.literal else p for p in b.patterns]
    if b.per_line == "alternate":
        pats = ["|".join(pats)]
    return [b.prepend + p + b.append for p in pats]


# ---------------------------------------------------------------------------
# Engines


@dataclasses.dataclass
class Engine:
    name: str
    runner: str
    args: list
    env: dict
    rebar: str | None
    benchmarks: list
    syntax: str
    about: str
    requires: str | None = None
    excluded: dict = dataclasses.field(default_factory=dict)
    redos_only: bool = False
    version: str = ""

    def supports(self, b: Bench) -> bool:
        if self.redos_only:
            return False
        if self.rebar is not None:
            return self.rebar in b.engines
        return (any(re.fullmatch(p, b.name) for p in self.benchmarks)
                and self.exclusion(b) is None)

    def exclusion(self, b: Bench):
        """Why engines.toml leaves this benchmark out for the engine, if it does."""
        for pattern, why in self.excluded.items():
            if re.fullmatch(pattern, b.name):
                return why
        return None

    def expected(self, b: Bench):
        if isinstance(b.count, int):
            return b.count
        key = self.rebar or self.name
        for c in b.count:
            if re.fullmatch(c["engine"], key):
                return c["count"]
        return None


def load_engines(path: Path, bindir: Path, wanted):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    engines = []
    for e in data["engine"]:
        if wanted and not any(re.fullmatch(w, e["name"]) for w in wanted):
            continue
        env = {k: v.replace("{bin}", str(bindir)) for k, v in e.get("env", {}).items()}
        engines.append(Engine(
            name=e["name"], runner=e["runner"], args=e.get("args", []), env=env,
            rebar=e.get("rebar"), benchmarks=e.get("benchmarks", []),
            syntax=e.get("syntax", "perl"), about=e.get("about", ""),
            requires=e["requires"].replace("{bin}", str(bindir)) if "requires" in e else None,
            excluded=e.get("excluded", {}), redos_only=e.get("redos-only", False)))
    return engines


# ---------------------------------------------------------------------------
# Running


@dataclasses.dataclass
class Outcome:
    status: str  # ok, unsupported, error, wrong count, timeout
    message: str = ""
    count: int | None = None
    calls: int | None = None
    times: list = dataclasses.field(default_factory=list)
    round_medians: list = dataclasses.field(default_factory=list)


class Runner:
    def __init__(self, bindir: Path, workdir: Path, timeout: float):
        self.bindir, self.workdir, self.timeout = bindir, workdir, timeout
        self.files = {}

    def file(self, data: bytes) -> str:
        """A file holding data, written once per distinct content."""
        key = (len(data), hash(data))
        if key not in self.files:
            path = self.workdir / f"in-{len(self.files)}"
            path.write_bytes(data)
            self.files[key] = str(path)
        return self.files[key]

    def command(self, e: Engine, extra):
        return [str(self.bindir / e.runner)] + e.args + extra

    def environ(self, e: Engine):
        env = dict(os.environ)
        env.update(e.env)
        return env

    def version(self, e: Engine) -> str:
        if e.requires and not Path(e.requires).exists():
            return f"unavailable ({e.requires} is missing)"
        try:
            p = subprocess.run(self.command(e, ["--version"]), capture_output=True,
                               text=True, timeout=30, env=self.environ(e))
        except OSError as err:
            return f"unavailable ({err.strerror})"
        if p.returncode != 0:
            return "unavailable (" + (p.stderr.strip().splitlines() or ["?"])[-1] + ")"
        return p.stdout.strip()

    def run(self, e: Engine, model, patterns, flags, haystack: bytes, expected,
            max_time_ms, warmup_ms, timeout=None, extra=()) -> Outcome:
        args = ["--model", model, "-H", self.file(haystack),
                "--max-time", str(max_time_ms), "--warmup-time", str(warmup_ms)]
        args += list(extra)
        for p in patterns:
            args += ["-p", self.file(p.encode())]
        args += flags
        timeout = timeout or self.timeout
        try:
            p = subprocess.run(self.command(e, args), capture_output=True, text=True,
                               timeout=timeout, env=self.environ(e))
        except subprocess.TimeoutExpired:
            return Outcome("timeout", f"no result within {timeout:g} s")
        except OSError as err:
            return Outcome("error", f"cannot run {e.runner}: {err.strerror}")
        msg = (p.stderr.strip().splitlines() or [""])[-1]
        msg = re.sub(r"^\S*runner-\S+: ", "", msg)
        if p.returncode == 3:
            return Outcome("unsupported", re.sub(r"^unsupported: ", "", msg))
        if p.returncode != 0:
            return Outcome("error", msg or f"exit status {p.returncode}")
        out = dict(line.split(" ", 1) for line in p.stdout.strip().splitlines()
                   if " " in line)
        count = int(out["count"])
        if expected is not None and count != expected:
            return Outcome("wrong count", f"count {count}, expected {expected}", count)
        times = [int(t) for t in out.get("times", "").split()]
        return Outcome("ok", count=count, calls=int(out.get("calls", 0)), times=times,
                       round_medians=[statistics.median(times)])


def flags_for(b: Bench):
    return (["-i"] if b.case_insensitive else []) + (["-u"] if b.unicode else [])


def run_benchmarks(benches, engines, runner: Runner, args, log):
    """results[bench][engine] = Outcome, over args.rounds interleaved rounds."""
    results = {b.name: {} for b in benches}
    plan = [(b, [e for e in engines if e.supports(b)]) for b in benches]
    total = sum(len(es) for _, es in plan)
    for rnd in range(args.rounds):
        done = 0
        t0 = time.monotonic()
        for b, es in plan:
            order = list(es)
            random.shuffle(order)
            for e in order:
                done += 1
                prev = results[b.name].get(e.name)
                if prev is not None and (prev.status != "ok"
                                         or sum(prev.times) > args.slow_cap * 1e9):
                    continue
                expected = e.expected(b)
                if expected is None:
                    results[b.name][e.name] = Outcome("error", "no expected count for it")
                    continue
                o = runner.run(e, b.model, bench_patterns(b, e.syntax), flags_for(b),
                               b.haystack, expected, args.max_time, args.warmup)
                if o.status != "ok" and e.rebar is not None and o.status == "unsupported":
                    # rebar lists the engine for this benchmark: not an excuse.
                    o.status = "error"
                if prev is None or o.status != "ok":
                    results[b.name][e.name] = o
                else:
                    prev.times += o.times
                    prev.round_medians += o.round_medians
                if o.status != "ok":
                    log(f"  {b.name} / {e.name}: {o.status}: {o.message}")
        log(f"round {rnd + 1}/{args.rounds}: {total} runs in "
            f"{time.monotonic() - t0:.0f} s")
    return results


def run_instructions(benches, engines, results, runner: Runner, args, log):
    """instructions[bench][engine]: instructions one iteration executes, counted
    by callgrind (deterministic, so free of the machine's noise), for oxre and
    the crate called from Rust with and without perf-dfa-full, on the
    benchmarks whose baseline iteration is short enough to run under
    valgrind."""
    pair = [e for e in engines if e.name in ("oxre", BASELINE, DEFAULTS, CPP)]
    out = {}
    for b in benches:
        r = results[b.name]
        if not all(e.name in r and r[e.name].status == "ok" for e in pair) or len(pair) < 2:
            continue
        if statistics.median(r[pair[1].name].times) > args.instructions_max * 1e6:
            continue
        out[b.name] = {}
        for e in pair:
            base = ["--model", b.model, "-H", runner.file(b.haystack),
                    "--warmup-time", "0", "--max-time", "1000000000"]
            for p in bench_patterns(b, e.syntax):
                base += ["-p", runner.file(p.encode())]
            base += flags_for(b)
            counts = []
            # A compile's count varies by about 1% from run to run (the
            # engine's hash tables are seeded at random): the mean of 4.
            many = 5 if b.model == "compile" else 3
            for iters in (1, many):
                cmd = (["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                       + runner.command(e, base + ["--max-iters", str(iters)]))
                try:
                    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                                       env=runner.environ(e))
                except (OSError, subprocess.TimeoutExpired):
                    break
                m = re.search(r"Collected : (\d+)", p.stderr)
                if p.returncode != 0 or not m:
                    break
                counts.append(int(m.group(1)))
            if len(counts) == 2:
                out[b.name][e.name] = (counts[1] - counts[0]) / (many - 1)
    log(f"instructions counted on {len(out)} benchmarks")
    return out


# ReDoS families: (name, pattern(n, syntax), haystack(n), expected(n, engine)).
def _fam3(n, syntax):
    return f"(a?){{{n}}}a{{{n}}}" if syntax == "posix" else f"(?:a?){{{n}}}a{{{n}}}"


FAMILIES = [
    ("(a+)+$ on a…a!", lambda n, s: "(a+)+$",
     lambda n: b"a" * n + b"!", lambda n, e: 0),
    (".*.*=.* on x=x…x", lambda n, s: ".*.*=.*",
     lambda n: b"x=" + b"x" * n,
     # Hyperscan reports every match end: one per byte after the '='.
     lambda n, e: n + 1 if e.rebar == "hyperscan" else 1),
    ("(?:a?){n}a{n} on a…a", _fam3,
     lambda n: b"a" * n, lambda n, e: 1),
]


def redos_ns(args):
    ns = []
    k = 10
    while k <= args.redos_max:
        ns.append(k)
        if 3 * k <= args.redos_max:
            ns.append(3 * k)
        k *= 10
    return ns


def run_redos(engines, runner: Runner, args, log):
    """curves[family][engine] = list of (n, ns per byte) and a stop reason."""
    curves = {}
    for fname, pat, hay, expect in FAMILIES:
        curves[fname] = {e.name: {"points": [], "stop": None, "cold": set()}
                         for e in engines}
        for n in redos_ns(args):
            order = [e for e in engines if curves[fname][e.name]["stop"] is None]
            random.shuffle(order)
            for e in order:
                h = hay(n)
                # A first search under a third of the time limit is followed
                # by warm ones: the point is the steady state, not the cold
                # search that builds the lazy DFA's states.
                o = runner.run(e, "count", [pat(n, e.syntax)], [], h, expect(n, e),
                               args.redos_time, max(1, args.redos_time // 10),
                               timeout=args.redos_timeout,
                               extra=["--once-over", str(int(args.redos_timeout * 1000 / 3))])
                c = curves[fname][e.name]
                if o.status == "ok":
                    med = statistics.median(o.times)
                    c["points"].append((n, med / len(h)))
                    if len(o.times) == 1:
                        c["cold"].add(n)
                    if med > args.redos_timeout * 1e9:
                        c["stop"] = (n, f"one search took {med / 1e9:.1f} s")
                else:
                    c["stop"] = (n, f"{o.status}: {o.message}")
                    log(f"  redos {fname} n={n} / {e.name}: {o.status}: {o.message}")
        log(f"redos: {fname} done")
    return curves


# ---------------------------------------------------------------------------
# Report


def fmt_time(ns):
    if ns is None:
        return "–"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            v = ns / scale
            return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"
    return f"{ns:.3g} ns" if ns < 100 else f"{ns:.0f} ns"


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def medians(results):
    return {b: {e: statistics.median(o.times) for e, o in r.items() if o.status == "ok"}
            for b, r in results.items()}


def pair_geomean(med, a, b):
    """Geometric mean over the benchmarks both ran of time(b) / time(a)."""
    ratios = [m[b] / m[a] for m in med.values() if a in m and b in m]
    return geomean(ratios), len(ratios)


def machine_info():
    info = {}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.+)$", cpu, re.M)
        info["cpu"] = m.group(1) if m else platform.processor()
        flags = re.search(r"^flags\s*:\s*(.+)$", cpu, re.M)
        simd = [f for f in ("sse4_2", "avx2", "avx512bw") if flags and f in flags.group(1).split()]
        info["cpu"] += f" ({os.cpu_count()} logical CPUs; {', '.join(simd)})"
    except OSError:
        info["cpu"] = platform.processor()
    try:
        mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        info["memory"] = f"{int(mem.group(1)) / 1048576:.0f} GiB"
    except (OSError, AttributeError):
        info["memory"] = "?"
    try:
        osr = dict(l.split("=", 1) for l in Path("/etc/os-release").read_text().splitlines() if "=" in l)
        info["os"] = osr.get("PRETTY_NAME", "?").strip('"')
    except OSError:
        info["os"] = platform.system()
    info["kernel"] = platform.release()
    return info


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (p.stdout.strip().splitlines() or ["?"])[0]
    except OSError:
        return "?"


def package_versions():
    pkgs = ["libc6-dev", "libpcre2-dev", "libre2-dev", "libhyperscan-dev", "libonig-dev",
            "libtre-dev"]
    try:
        p = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n"] + pkgs,
                           capture_output=True, text=True, timeout=30)
        return dict(l.split(" ", 1) for l in p.stdout.splitlines() if " " in l)
    except OSError:
        return {}


def write_report(path: Path, benches, all_engines, results, curves, ctx):
    """Writes docs/benchmarks.md: the sections below, in this order, each
    followed by its part of bench/analysis.md."""
    med = medians(results)
    engines = [e for e in all_engines if not e.redos_only]
    out = []
    w = out.append
    section_intro(w, ctx)
    if ctx.get("instructions") or ctx.get("threads"):
        w(scratch_sections(benches, results, ctx))
    section_targets(w, med, results, curves, benches, ctx)
    section_engines(w, all_engines, ctx)
    section_method(w, results, ctx)
    section_results(w, benches, engines, results, med)
    section_boundary(w, benches, results, med, ctx)
    section_cpp(w, benches, med, ctx)
    section_dfa_full(w, benches, med, ctx)
    if curves:
        section_redos(w, curves, ctx)
    section_memmem(w, benches, [e.name for e in engines], med, ctx)
    analysis_part(w, ctx, "rest")
    # Measured by make bench-stream and bench-stream-instr, not the driver.
    analysis_part(w, ctx, "streams")
    path.write_text("\n".join(out).rstrip() + "\n")


def analysis_part(w, ctx, name):
    """The section `name` of bench/analysis.md, if it has one."""
    if name in ctx["analysis"]:
        w(ctx["analysis"][name] + "\n")


def section_intro(w, ctx):
    w("# oxre benchmarks\n")
    w("<!-- Generated by `make bench` (bench/driver.py); the prose sections come "
      "from bench/analysis.md. Do not edit by hand. -->\n")
    source = ctx.get("source", "?")
    w(f"Measured {ctx['date']} on {ctx['machine']['cpu']}, {ctx['machine']['memory']}, "
      f"{ctx['machine']['os']}, Linux {ctx['machine']['kernel']}"
      + (f", from the source tree at commit {source}" if source not in ("", "?") else "")
      + ".\n")
    w("Reproduce (from a clean clone, as root):\n")
    w("    build-aux/setup.sh --peers")
    w(f"    make -C _build bench{(' BENCH_FLAGS=' + shlex.quote(ctx['bench_flags'])) if ctx['bench_flags'] else ''}\n")
    w(f"which runs `{ctx['command']}`.\n")
    analysis_part(w, ctx, "summary")


def section_targets(w, med, results, curves, benches, ctx):
    w("## Targets\n")
    w("| target | measured | met |\n|---|---|---|")
    for t in targets(med, results, curves, benches, ctx):
        w(f"| {t[0]} | {t[1]} | {t[2]} |")
    w("")


def section_engines(w, all_engines, ctx):
    w("## Engines\n")
    w("| engine | version | how it is called |\n|---|---|---|")
    for e in all_engines:
        w(f"| {e.name} | {e.version} | {e.about} |")
    w(f"\nCompilers: {ctx['cc']}; {ctx['rustc']}. Debian packages: "
      + ", ".join(f"{k} {v}" for k, v in ctx["packages"].items()) + ".\n")


def section_method(w, results, ctx):
    w("## Method\n")
    w(f"Each engine runs each benchmark it supports in its own process (the "
      f"runner programs of `bench/`, one protocol for all, see `bench/runner.h`). "
      f"{ctx['rounds']} rounds; in each, every benchmark runs on every engine in a "
      f"fresh random order, each run timing iterations for {ctx['max_time']} ms "
      f"after {ctx['warmup']} ms of warm-up (an iteration slower than that is run "
      f"once). A result is the median over all iterations of all rounds. Every "
      f"iteration's count is checked against rebar's expected count for that "
      f"engine; a wrong count is an error and is not timed. Lines for the grep "
      f"models are split before timing. Load average: {ctx['load_before']} before, "
      f"{ctx['load_after']} after.\n")
    w(noise_text(results, ctx) + "\n")
    analysis_part(w, ctx, "method")


def section_results(w, benches, engines, results, med):
    """The main table, the per-engine and pairwise geometric means, and what
    was not timed."""
    w("## Results\n")
    table_times(w, benches, engines, results, med)
    table_geomeans(w, engines, results, med)
    table_pairwise(w, engines, med)
    list_untimed(w, benches, engines, results)


def table_times(w, benches, engines, results, med):
    names = [e.name for e in engines]
    w("Median time per benchmark; in parentheses the ratio to the fastest engine "
      "on that benchmark (bold: the fastest). – : the engine does not support the "
      "benchmark (rebar's support lists; `bench/engines.toml` for the others); "
      "errors are listed below the table.\n")
    w("| benchmark | model | " + " | ".join(names) + " |")
    w("|---|---|" + "---|" * len(names))
    for b in benches:
        m = med[b.name]
        best = min(m.values()) if m else None
        cells = []
        for e in engines:
            o = results[b.name].get(e.name)
            if o is None or o.status == "unsupported":
                cells.append("–")
            elif o.status != "ok":
                cells.append(f"*{o.status}*")
            else:
                r = m[e.name] / best
                c = f"{fmt_time(m[e.name])} ({r:.2f})"
                cells.append(f"**{c}**" if r == 1 else c)
        w(f"| {b.name} | {b.model} | " + " | ".join(cells) + " |")
    w("")


def table_geomeans(w, engines, results, med):
    w("Geometric mean of the ratios to the fastest, per engine, over the "
      "benchmarks it ran:\n")
    w("| engine | benchmarks run | geometric mean ratio | errors |\n|---|---|---|---|")
    for e in engines:
        ratios = [m[e.name] / min(m.values()) for m in med.values() if e.name in m]
        errs = sum(1 for r in results.values()
                   if e.name in r and r[e.name].status not in ("ok", "unsupported"))
        g = geomean(ratios)
        w(f"| {e.name} | {len(ratios)} | {f'{g:.2f}' if g else '–'} | {errs} |")
    w("")


def table_pairwise(w, engines, med):
    names = [e.name for e in engines]
    w("Pairwise: how many times slower each engine is than oxre, and than the "
      "regex crate called from Rust (geometric mean over the benchmarks both ran; "
      "above 1: slower):\n")
    refs = [r for r in ("oxre", BASELINE, DEFAULTS) if r in names]
    w("| engine | " + " | ".join(f"time / {r}'s (benchmarks)" for r in refs) + " |")
    w("|---|" + "---|" * len(refs))
    for e in engines:
        cells = []
        for r in refs:
            g, n = pair_geomean(med, r, e.name)
            cells.append(f"{g:.2f} ({n})" if g and e.name != r else "–")
        w(f"| {e.name} | " + " | ".join(cells) + " |")
    w("")


def list_untimed(w, benches, engines, results):
    """The errors, and the benchmarks engines outside rebar's lists decline."""
    errors = [(b, e, o) for b, r in results.items() for e, o in r.items()
              if o.status not in ("ok", "unsupported")]
    if errors:
        w("Errors (never timed):\n")
        for b, e, o in errors:
            w(f"- {b} / {e}: {o.status}: {o.message}")
        w("")
    unsup = [(b, e, o.message) for b, r in results.items() for e, o in r.items()
             if o.status == "unsupported"]
    unsup += [(b.name, e.name, f"left out: {e.exclusion(b)}") for b in benches
              for e in engines if e.exclusion(b)]
    if unsup:
        w("Benchmarks an engine outside rebar's lists does not run (its runner "
          "declined the pattern, or `bench/engines.toml` leaves it out because the "
          "engine's semantics give another count):\n")
        for b, e, msg in sorted(unsup):
            w(f"- {b} / {e}: {msg}")
        w("")


def section_boundary(w, benches, results, med, ctx):
    """oxre against the regex crate called from Rust: times, then
    instructions."""
    w("## oxre against the regex crate called from Rust\n")
    w(f"The C boundary's cost: oxre (through `oxre.h`) against the same crate "
      f"version, with the same features (`perf-dfa-full`, as liboxre is built), "
      f"called directly from Rust ({BASELINE}). Calls: the searches one iteration "
      f"makes (matches + 1, or one per line); the difference per call is "
      f"(oxre − Rust) / calls.\n")
    w("| benchmark | model | Rust | oxre | oxre / Rust | difference per call |\n"
      "|---|---|---|---|---|---|")
    for b in benches:
        m = med[b.name]
        if BASELINE in m and "oxre" in m:
            calls = results[b.name]["oxre"].calls or 1
            w(f"| {b.name} | {b.model} | {fmt_time(m[BASELINE])} | {fmt_time(m['oxre'])} | "
              f"{m['oxre'] / m[BASELINE]:.3f} | "
              f"{(m['oxre'] - m[BASELINE]) / calls:+.1f} ns ({calls} calls) |")
    w("")
    ins = ctx.get("instructions") or {}
    if ins:
        w("The same comparison in instructions executed per iteration, counted "
          "with callgrind: deterministic, so untouched by the machine's noise "
          f"(benchmarks whose Rust iteration takes under "
          f"{ctx.get('instructions_max', 50):g} ms):\n")
        w("| benchmark | model | Rust | oxre | oxre / Rust | difference per call |\n"
          "|---|---|---|---|---|---|")
        for b in benches:
            i = ins.get(b.name, {})
            if "oxre" in i and BASELINE in i:
                calls = results[b.name]["oxre"].calls or 1
                w(f"| {b.name} | {b.model} | {i[BASELINE]:,.0f} | {i['oxre']:,.0f} | "
                  f"{i['oxre'] / i[BASELINE]:.3f} | "
                  f"{(i['oxre'] - i[BASELINE]) / calls:+,.0f} ({calls} calls) |")
        w("")
    analysis_part(w, ctx, "boundary")


def section_cpp(w, benches, med, ctx):
    """oxre through oxre.hpp against oxre through oxre.h: the same C calls,
    so the ratio is the header's own cost."""
    rows = [(b, med[b.name]) for b in benches if "oxre" in med[b.name] and CPP in med[b.name]]
    if not rows:
        return
    ins = ctx.get("instructions") or {}
    w("## oxre.hpp against oxre.h\n")
    w(f"The C++ runner ({CPP}, `bench/engine-oxre-cpp.cc` through `oxre.hpp`) "
      "against the C runner (oxre, `bench/engine-oxre.c`): both make the same C "
      "calls, so the ratio is what the header's types cost. Median times, and "
      "instructions per iteration (callgrind) where counted.\n")
    w("| benchmark | model | C | C++ | C++ / C | instructions C | C++ | C++ / C |\n"
      "|---|---|---|---|---|---|---|---|")
    iratios = []
    for b, m in rows:
        i = ins.get(b.name, {})
        row = (f"| {b.name} | {b.model} | {fmt_time(m['oxre'])} | {fmt_time(m[CPP])} | "
               f"{m[CPP] / m['oxre']:.3f} |")
        if "oxre" in i and CPP in i:
            iratios.append(i[CPP] / i["oxre"])
            row += f" {i['oxre']:,.0f} | {i[CPP]:,.0f} | {iratios[-1]:.4f} |"
        else:
            row += " – | – | – |"
        w(row)
    g, n = pair_geomean(med, "oxre", CPP)
    gi = geomean(iratios)
    w(f"\nGeometric mean of C++ / C: {g:.3f} in time over {n} benchmarks"
      + (f"; in instructions {gi:.4f} over {len(iratios)}, at most {max(iratios):.4f}"
         if gi else "") + ".\n")


def section_dfa_full(w, benches, med, ctx):
    ins = ctx.get("instructions") or {}
    w("## perf-dfa-full\n")
    w(f"The regex crate with its `perf-dfa-full` feature ({BASELINE}) against its "
      f"default features ({DEFAULTS}), both called from Rust: median times, and "
      "instructions per iteration where they were counted (noise-free).\n")
    w("| benchmark | model | default | dfa-full | time ratio | instructions | "
      "with dfa-full | instruction ratio |\n|---|---|---|---|---|---|---|---|")
    iratios = []
    for b in benches:
        m, i = med[b.name], ins.get(b.name, {})
        if DEFAULTS in m and BASELINE in m:
            row = (f"| {b.name} | {b.model} | {fmt_time(m[DEFAULTS])} | "
                   f"{fmt_time(m[BASELINE])} | {m[BASELINE] / m[DEFAULTS]:.2f} |")
            if DEFAULTS in i and BASELINE in i:
                iratios.append(i[BASELINE] / i[DEFAULTS])
                row += (f" {i[DEFAULTS]:,.0f} | {i[BASELINE]:,.0f} | "
                        f"{iratios[-1]:.3f} |")
            else:
                row += " – | – | – |"
            w(row)
    g, n = pair_geomean(med, DEFAULTS, BASELINE)
    if g:
        gi = geomean(iratios)
        w(f"\nGeometric mean of dfa-full / default: {g:.3f} in time over {n} "
          f"benchmarks" + (f", {gi:.3f} in instructions over {len(iratios)}" if gi else "")
          + f". {ctx['dfa_full_size']}\n")
    analysis_part(w, ctx, "dfa-full")


def section_redos(w, curves, ctx):
    """One table per family of patterns, and the growth of each curve."""
    w("## ReDoS curves\n")
    w("Time per haystack byte of one search (count model) as n grows, for each "
      "engine, until it errors or a search passes "
      f"{ctx['redos_timeout']:g} s. Each point is the median of the searches "
      f"that fit in {ctx['redos_time']} ms (at least one), after a first one "
      "left out (it builds the lazy DFA's states); ¹ marks a point where that "
      f"first search alone took a third of {ctx['redos_timeout']:g} s, so the "
      "point is that one cold search. "
      "Plot: [redos.png](redos.png).\n")
    w("![time per byte against n](redos.png)\n")
    for fname, per in curves.items():
        w(f"### {fname}\n")
        table_redos(w, per)
        w("Growth (largest ratio of a later point's time per byte to an earlier "
          "one's; ≤ 2 is flat) and why a curve stops:\n")
        for e, c in per.items():
            g = growth(c["points"])
            stop = f"; stopped at n = {c['stop'][0]}: {c['stop'][1]}" if c["stop"] else ""
            w(f"- {e}: {f'{g:.2f}' if g else '–'}{stop}")
        w("")
    analysis_part(w, ctx, "redos")


def table_redos(w, per):
    """A family's points: one row per n, one column per engine."""
    ns = sorted({n for c in per.values() for n, _ in c["points"]}
                | {c["stop"][0] for c in per.values() if c["stop"]})
    w("| n | " + " | ".join(per) + " |")
    w("|---|" + "---|" * len(per))
    for n in ns:
        cells = []
        for c in per.values():
            v = dict(c["points"]).get(n)
            if v is not None:
                cells.append(f"{v:.3g} ns" + (" ¹" if n in c["cold"] else ""))
            elif c["stop"] and c["stop"][0] == n:
                cells.append("*" + c["stop"][1].split(":")[0] + "*")
            else:
                cells.append("")
        w(f"| {n} | " + " | ".join(cells) + " |")
    w("")


def section_memmem(w, benches, names, med, ctx):
    w("## Rare literal against memmem\n")
    w("| benchmark | haystack | " + " | ".join(n for n in names) +
      " |\n|---|---|" + "---|" * len(names))
    for b in benches:
        if not b.name.startswith("oxre/rare-literal/"):
            continue
        cells = []
        for e in names:
            v = med[b.name].get(e)
            cells.append(f"{len(b.haystack) / v:.2f} GB/s" if v else "–")
        w(f"| {b.name} | {len(b.haystack) / 1e6:.1f} MB | " + " | ".join(cells) + " |")
    w("")
    analysis_part(w, ctx, "memmem")


def growth(points):
    """Largest ratio of a later point's time per byte to an earlier one's."""
    g = None
    for i, (_, a) in enumerate(points):
        for _, b in points[i + 1:]:
            g = max(g or 0, b / a)
    return g


def noise_text(results, ctx):
    spreads = []
    for r in results.values():
        for o in r.values():
            if o.status == "ok" and len(o.round_medians) > 1:
                m = statistics.median(o.round_medians)
                spreads.append((max(o.round_medians) - min(o.round_medians)) / m)
    if not spreads:
        return "Noise: a single round, so no round-to-round spread to report."
    spreads.sort()
    return (f"Noise: the spread of a result's per-round medians ((max − min) / "
            f"median) is {100 * statistics.median(spreads):.1f}% for the median "
            f"result and {100 * spreads[int(0.9 * (len(spreads) - 1))]:.1f}% at the "
            f"90th percentile, over {len(spreads)} results. Differences smaller than "
            f"that are not significant.")


THREAD_OPS = ("is_match", "find", "set_matches")
THREAD_MODES = ("shared", "clone", "scratch")
SECTIONS_BEGIN = "<!-- begin: scratch and threads (bench/driver.py --sections-only) -->"
SECTIONS_END = "<!-- end: scratch and threads -->"


def run_threads(bindir: Path, args, log):
    """The thread-scaling benchmark (bench/threads.c): timed runs at 1 to 16
    threads, and callgrind's instructions per call for one worker thread."""
    prog = bindir / "threads"
    if not prog.exists():
        log("no bench/threads: no thread-scaling benchmark")
        return None
    cmd = [str(prog), str(args.threads_time), str(args.threads_reps)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=600 + 60 * args.threads_reps)
    except (OSError, subprocess.TimeoutExpired) as e:
        log(f"bench/threads failed: {e}")
        return None
    runs = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    ins = {}
    if shutil.which("valgrind"):
        for op in THREAD_OPS:
            for mode in THREAD_MODES:
                counts = []
                for passes in (1, 3):
                    q = subprocess.run(["valgrind", "--tool=callgrind",
                                        "--callgrind-out-file=/dev/null", str(prog),
                                        "--count", op, mode, str(passes)],
                                       capture_output=True, text=True, timeout=600)
                    m = re.search(r"Collected : (\d+)", q.stderr)
                    c = re.search(r'"calls": (\d+)', q.stdout)
                    if q.returncode != 0 or not m or not c:
                        break
                    counts.append((int(m.group(1)), int(c.group(1))))
                if len(counts) == 2:
                    ins[f"{op}/{mode}"] = ((counts[1][0] - counts[0][0])
                                           / (counts[1][1] - counts[0][1]))
    log(f"thread scaling: {len(runs)} timed runs, {len(ins)} instruction counts")
    return {"runs": runs, "instructions": ins, "cpus": os.cpu_count()}


def thread_best(threads, op, mode, n):
    """The best of the repetitions of one configuration: CPU ns per call and
    calls per second of wall time (both the least disturbed by the load)."""
    rs = [r for r in threads["runs"] if r["op"] == op and r["mode"] == mode
          and r["threads"] == n and r["calls"]]
    if not rs:
        return None
    ns = min(r["cpu"] / r["calls"] * 1e9 for r in rs)
    rate = max(r["calls"] / r["wall"] for r in rs)
    return ns, rate


def instruction_ratios(ins):
    return [(i["oxre"] / i[BASELINE], n) for n, i in ins.items()
            if "oxre" in i and BASELINE in i]


def scratch_sections(benches, results, ctx):
    """The sections on oxre's per-call cost against the crate and on thread
    scaling; in the full report, and alone with --sections-only."""
    out = [SECTIONS_BEGIN]
    w = out.append
    ins = ctx.get("instructions") or {}
    w("## Instructions per iteration against the crate\n")
    w(f"Measured {ctx['date']} from the source tree at commit {ctx.get('source', '?')}. "
      "oxre through `oxre.h`, using its best API for each model: `oxre_count_with` "
      "(count), an iterator read with `oxre_iter_next_batch` (count-spans), "
      "`oxre_find_groups_with` (count-captures, grep-captures), `oxre_is_match_with` per line (grep), all with one "
      "caller-owned scratch; against the regex crate with the same features "
      f"(perf-dfa-full) called from Rust ({BASELINE}: `find_iter`, "
      "`captures_read_at`, `is_match`). Instructions counted by callgrind "
      "(deterministic, except that a compile varies by about 1% from run to run, "
      "the engine's hash tables being seeded at random: the mean of 4 compiles); "
      "calls: the searches one iteration makes.\n")
    w("| benchmark | model | Rust | oxre | oxre / Rust | difference per call |\n"
      "|---|---|---|---|---|---|")
    for b in benches:
        i = ins.get(b.name, {})
        if "oxre" in i and BASELINE in i:
            calls = results[b.name]["oxre"].calls or 1
            w(f"| {b.name} | {b.model} | {i[BASELINE]:,.0f} | {i['oxre']:,.0f} | "
              f"{i['oxre'] / i[BASELINE]:.3f} | "
              f"{(i['oxre'] - i[BASELINE]) / calls:+,.0f} ({calls} calls) |")
    ir = instruction_ratios(ins)
    if ir:
        worst = max(ir)
        w(f"\nGeometric mean {geomean([r for r, _ in ir]):.3f} over {len(ir)} "
          f"benchmarks; worst {worst[0]:.3f} ({worst[1]}); "
          f"{sum(1 for r, _ in ir if r > 1.02)} above 1.02.\n")
    t = ctx.get("threads")
    if t:
        w("## Threads\n")
        w("`bench/threads`: one regex (`Holmes|Watson`) and one set of four "
          "patterns, shared by 1 to 16 threads, each call on one line of 40 to 80 "
          "bytes. *shared*: the plain calls, whose scratch space comes from the "
          "regex's internal pool; *clone*: each thread searches its own "
          "`oxre_clone` / `oxre_set_clone`; *scratch*: each thread has its own "
          "`oxre_scratch` and calls `oxre_is_match_with`, `oxre_find_with`, "
          "`oxre_set_matches_with`. The main thread searches first, so that every "
          "worker is a thread other than the pool's owner. Every pass of every "
          "thread is checked against one thread's results.\n")
        ti = t.get("instructions") or {}
        if ti:
            w("Instructions per call (callgrind, one worker thread; deterministic):\n")
            w("| search | shared | clone | scratch | shared / scratch |\n|---|---|---|---|---|")
            for op in THREAD_OPS:
                v = [ti.get(f"{op}/{m}") for m in THREAD_MODES]
                if None not in v:
                    w(f"| {op} | {v[0]:,.0f} | {v[1]:,.0f} | {v[2]:,.0f} | "
                      f"{v[0] / v[2]:.2f} |")
            w("")
        w(f"Timed, on this machine's {t.get('cpus', '?')} logical CPUs, shared with "
          "other work: CPU time per call of each thread (ns; threads waiting for a "
          "core do not count) and all threads' calls per second of wall time "
          "(millions), the best of the repetitions. With more threads than cores "
          "the wall-time rate cannot grow; the CPU time per call shows what each "
          "thread pays.\n")
        counts = sorted({r["threads"] for r in t["runs"]})
        for op in THREAD_OPS:
            w(f"{op}:\n")
            w("| threads | " + " | ".join(f"{m} ns/call" for m in THREAD_MODES)
              + " | " + " | ".join(f"{m} M/s" for m in THREAD_MODES)
              + " | shared / scratch (CPU) |")
            w("|---|" + "---|" * (2 * len(THREAD_MODES) + 1))
            for n in counts:
                b = [thread_best(t, op, m, n) for m in THREAD_MODES]
                if None in b:
                    continue
                w(f"| {n} | " + " | ".join(f"{x[0]:.0f}" for x in b) + " | "
                  + " | ".join(f"{x[1] / 1e6:.2f}" for x in b)
                  + f" | {b[0][0] / b[2][0]:.2f} |")
            w("")
        wrong = sum(r["wrong"] for r in t["runs"])
        w(f"Wrong results: {wrong} in "
          f"{sum(r['calls'] for r in t['runs']):,} calls.\n")
    w("### Targets of the scratch API\n")
    w("| target | measured | met |\n|---|---|---|")
    for row in scratch_targets(ctx):
        w(f"| {row[0]} | {row[1]} | {row[2]} |")
    w("")
    prose = (ctx.get("analysis") or {}).get("scratch")
    if prose:
        w(prose + "\n")
    w(SECTIONS_END)
    return "\n".join(out) + "\n"


def scratch_targets(ctx):
    rows = []
    ir = instruction_ratios(ctx.get("instructions") or {})
    if ir:
        g = geomean([r for r, _ in ir])
        worst = max(ir)
        n = sum(1 for r, _ in ir if r > 1.02)
        rows.append(("instructions: oxre at or below the crate (geometric mean ≤ 1.00, "
                     "none above 1.02)",
                     f"geometric mean {g:.3f} over {len(ir)}; worst {worst[0]:.3f} "
                     f"({worst[1]}); {n} above 1.02",
                     "yes" if g <= 1.0 and n == 0 else "no"))
    t = ctx.get("threads")
    if t:
        ratios = []
        for n in sorted({r["threads"] for r in t["runs"]}):
            a, b = thread_best(t, "is_match", "shared", n), thread_best(t, "is_match", "scratch", n)
            if a and b:
                ratios.append((a[0] / b[0], n))
        ti = t.get("instructions") or {}
        if ratios:
            lo = min(ratios)
            ins = ""
            if "is_match/shared" in ti and "is_match/scratch" in ti:
                ins = (f"; in instructions {ti['is_match/shared'] / ti['is_match/scratch']:.2f}")
            rows.append(("threads: per-thread scratch ≥ 1.8× the shared pool's rate for "
                         "threads other than the first (short-line is-match)",
                         f"{lo[0]:.2f}× to {max(ratios)[0]:.2f}× in CPU time per call over "
                         f"1–16 threads (least at {lo[1]}){ins}",
                         "yes" if lo[0] >= 1.8 else "no"))
        wrong = sum(r["wrong"] for r in t["runs"])
        rows.append(("threads: results identical to one thread",
                     f"{wrong} wrong in {sum(r['calls'] for r in t['runs']):,} calls",
                     "yes" if wrong == 0 else "no"))
    rows.append(("no allocation per call in any search given a scratch",
                 "0 allocations (counted by tests/test-allocs, every `_with` search)",
                 "yes"))
    return rows


def update_sections(path: Path, text: str, log):
    """Replaces the scratch and threads sections of an existing report (or
    puts them before its Targets)."""
    doc = path.read_text() if path.exists() else ""
    if SECTIONS_BEGIN in doc and SECTIONS_END in doc:
        a = doc.index(SECTIONS_BEGIN)
        b = doc.index(SECTIONS_END) + len(SECTIONS_END) + 1
        doc = doc[:a] + text + doc[b:]
    elif "## Targets\n" in doc:
        a = doc.index("## Targets\n")
        doc = doc[:a] + text + "\n" + doc[a:]
    else:
        doc += "\n" + text
    path.write_text(doc)
    log(f"updated the scratch and threads sections of {path}")


def targets(med, results, curves, benches, ctx):
    rows = []
    over, tiny_worst, tiny = [], None, []
    for b in benches:
        m = med[b.name]
        if "oxre" not in m or BASELINE not in m:
            continue
        ratio = m["oxre"] / m[BASELINE]
        if m[BASELINE] >= 10_000:
            over.append((ratio, b.name))
        else:
            calls = results[b.name]["oxre"].calls or 1
            d = (m["oxre"] - m[BASELINE]) / calls
            tiny.append((d, b.name))
    if over:
        worst = max(over)
        n_bad = sum(1 for r, _ in over if r > 1.05)
        rows.append(("oxre / native Rust ≤ 1.05 on every benchmark taking ≥ 10 µs",
                     f"worst {worst[0]:.3f} ({worst[1]}); {n_bad} of {len(over)} over 1.05; "
                     f"geometric mean {geomean([r for r, _ in over]):.3f}",
                     "yes" if n_bad == 0 else "no"))
    ins = ctx.get("instructions") or {}
    iratios = [(i["oxre"] / i[BASELINE], n) for n, i in ins.items()
               if "oxre" in i and BASELINE in i]
    if iratios:
        worst = max(iratios)
        rows.append(("the same, in instructions executed (callgrind, noise-free)",
                     f"worst {worst[0]:.3f} ({worst[1]}); "
                     f"{sum(1 for r, _ in iratios if r > 1.05)} of {len(iratios)} over "
                     f"1.05; geometric mean {geomean([r for r, _ in iratios]):.3f}",
                     "yes" if worst[0] <= 1.05 else "no"))
    if tiny:
        worst = max(tiny)
        rows.append(("at most 10 ns more per call on the tiny ones (< 10 µs)",
                     f"worst {worst[0]:+.1f} ns per call ({worst[1]}) over {len(tiny)} "
                     f"benchmarks", "yes" if worst[0] <= 10 else "no"))
    for peer, want in (("pcre2/jit", 3), ("re2", 4)):
        g, n = pair_geomean(med, "oxre", peer)
        if g:
            rows.append((f"oxre's geometric mean ≥ {want}× better than {peer}",
                         f"{g:.2f}× over {n} common benchmarks",
                         "yes" if g >= want else "no"))
    g, n = pair_geomean(med, "oxre", "hyperscan")
    if g:
        wins = sum(1 for m in med.values() if "oxre" in m and "hyperscan" in m
                   and m["oxre"] < m["hyperscan"])
        rows.append(("ahead of Hyperscan on the benchmarks it supports",
                     f"{g:.2f}× (Hyperscan time / oxre's, geometric mean); oxre faster "
                     f"on {wins} of {n}", "yes" if g > 1 and wins == n else
                     ("on average" if g > 1 else "no")))
    for fname, per in (curves or {}).items():
        c = per.get("oxre")
        if c:
            g = growth(c["points"])
            last = c["points"][-1][0] if c["points"] else None
            stop = f", stops at n = {c['stop'][0]} ({c['stop'][1]})" if c["stop"] else ""
            rows.append((f"time per byte flat (within 2×): {fname}",
                         f"growth {g:.2f} up to n = {last}{stop}" if g else "no data",
                         "yes" if g and g <= 2 and not c["stop"] else "no"))
    for b in benches:
        if b.name.startswith("oxre/rare-literal/"):
            m = med[b.name]
            if "oxre" in m and "memmem" in m:
                r = m["memmem"] / m["oxre"]
                rows.append((f"rare literal ≥ 70% of memmem's throughput ({b.name})",
                             f"{100 * r:.0f}% ({len(b.haystack) / m['oxre']:.2f} against "
                             f"{len(b.haystack) / m['memmem']:.2f} GB/s)",
                             "yes" if r >= 0.7 else "no"))
    return rows


def plot(curves, path: Path, log):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is missing (Debian: python3-matplotlib): no plot")
        return False
    fig, axes = plt.subplots(1, len(curves), figsize=(6 * len(curves), 5.5))
    for ax, (fname, per) in zip(axes, curves.items()):
        colors = plt.cm.tab20.colors
        markers = "os^vD<>ph*Xd"
        for i, (e, c) in enumerate(per.items()):
            if not c["points"]:
                continue
            xs, ys = zip(*c["points"])
            # oxre stands out; every engine has its own colour and marker.
            line, = ax.plot(xs, ys, "-", color=colors[(2 * i) % 20 + (i >= 10)],
                            marker=markers[i % len(markers)], markersize=3,
                            linewidth=2.5 if e == "oxre" else 1, label=e)
            if c["stop"]:
                ax.plot([xs[-1]], [ys[-1]], "x", color=line.get_color(), markersize=9)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(fname)
        ax.set_xlabel("n")
        ax.set_ylabel("ns per haystack byte")
        ax.grid(True, which="major", alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle("Time per byte of one search; × marks where an engine stops "
                 "(error or over the time limit)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    return True


def stripped_size(lib: Path):
    """The size of a binary once stripped, or None."""
    if not lib.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lib.so"
        try:
            subprocess.run(["strip", "--strip-unneeded", "-o", str(out), str(lib)],
                           check=True, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stat().st_size


def read_analysis(path: Path):
    """Sections of bench/analysis.md by their `<!-- section: name -->` marks."""
    if not path.exists():
        return {}
    sections, name, buf = {}, None, []
    for line in path.read_text().splitlines():
        m = re.fullmatch(r"<!-- section: (\S+) -->", line.strip())
        if m:
            if name:
                sections[name] = "\n".join(buf).strip()
            name, buf = m.group(1), []
        elif name:
            buf.append(line)
    if name:
        sections[name] = "\n".join(buf).strip()
    return sections


# ---------------------------------------------------------------------------


def main():
    args = parse_args()
    random.seed(args.seed)
    benches = load_benches(args)
    if args.from_results:
        benches, engines, results, curves, ctx = load_saved(args.from_results, benches)
    else:
        engines, results, curves, ctx = measure(args, benches)
        if args.save:
            save_results(args.save, ctx, engines, results, curves)
            log(f"saved the measurements in {args.save}")
    ctx["analysis"] = read_analysis(HERE / "analysis.md")
    report(args, benches, engines, results, curves, ctx, log)


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", type=Path, required=True,
                    help="the build tree's bench/ directory (the runners)")
    ap.add_argument("--rebar", type=Path, required=True,
                    help="rebar's data (the directory holding benchmarks/)")
    ap.add_argument("--out", type=Path, help="where to write benchmarks.md and redos.png")
    ap.add_argument("--filter", action="append", default=[],
                    help="run only benchmarks whose full name matches (regex)")
    ap.add_argument("--engines", action="append", default=[],
                    help="run only engines whose name matches (regex, full match)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--max-time", type=int, default=200, help="ms of timing per run")
    ap.add_argument("--warmup", type=int, default=50, help="ms of warm-up per run")
    ap.add_argument("--timeout", type=float, default=60, help="s before a run is killed")
    ap.add_argument("--slow-cap", type=float, default=3,
                    help="s of samples after which a slow result gets no more rounds")
    ap.add_argument("--redos-max", type=int, default=1_000_000)
    ap.add_argument("--redos-time", type=int, default=200, help="ms of timing per point")
    ap.add_argument("--redos-timeout", type=float, default=10)
    ap.add_argument("--no-redos", action="store_true")
    ap.add_argument("--no-instructions", dest="instructions", action="store_false",
                    help="skip counting oxre's and the baseline's instructions "
                    "(callgrind)")
    ap.add_argument("--instructions-max", type=float, default=50,
                    help="ms: count instructions only where the baseline's "
                    "iteration is shorter")
    ap.add_argument("--threads-time", type=float, default=0.5,
                    help="s per thread-scaling run")
    ap.add_argument("--threads-reps", type=int, default=3,
                    help="repetitions of the thread-scaling runs (the best is kept)")
    ap.add_argument("--no-threads", dest="threads", action="store_false",
                    help="skip the thread-scaling benchmark")
    ap.add_argument("--sections-only", action="store_true",
                    help="measure only oxre and the baseline (instructions) and the "
                    "thread scaling, and update those sections of OUT/benchmarks.md")
    ap.add_argument("--quick", action="store_true",
                    help="a fast check of the instrument: 1 round, short runs, small n")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--save", type=Path,
                    help="also write the raw measurements to this JSON file")
    ap.add_argument("--from-results", type=Path,
                    help="measure nothing: write the report from a --save file")
    args = ap.parse_args()
    if args.quick:
        args.rounds, args.max_time, args.warmup = 1, 20, 5
        args.instructions_max = 1
        args.redos_max, args.redos_time, args.redos_timeout = 10_000, 20, 2
    return args


def load_benches(args):
    """The benchmarks of bench/subset.txt that --filter lets through."""
    defs = load_definitions(args.rebar / "benchmarks")
    defs.update(load_definitions(HERE))
    subset = [l.strip() for l in (HERE / "subset.txt").read_text().splitlines()
              if l.strip() and not l.startswith("#")]
    missing = [n for n in subset if n not in defs]
    if missing:
        sys.exit(f"bench: definitions not found: {', '.join(missing)}")
    names = [n for n in subset if not args.filter or any(re.search(f, n) for f in args.filter)]
    return [make_bench(n, *defs[n], args.rebar / "benchmarks") for n in names]


def load_saved(path: Path, benches):
    """What save_results() wrote: (benches measured, engines, results,
    curves, ctx)."""
    saved = json.loads(path.read_text())
    engines = [Engine(**e) for e in saved["engines"]]
    results = {b: {e: Outcome(**o) for e, o in r.items()}
               for b, r in saved["results"].items()}
    benches = [b for b in benches if b.name in results]
    curves = saved["curves"]
    for per in (curves or {}).values():
        for c in per.values():
            c["cold"] = set(c["cold"])
    return benches, engines, results, curves, saved["ctx"]


def save_results(path: Path, ctx, engines, results, curves):
    """The measurements as JSON, for --from-results."""
    saved_curves = curves and {
        f: {e: {**c, "cold": sorted(c["cold"])} for e, c in per.items()}
        for f, per in curves.items()}
    path.write_text(json.dumps({
        "ctx": ctx, "engines": [dataclasses.asdict(e) for e in engines],
        "results": {b: {e: summary(o) for e, o in r.items()}
                    for b, r in results.items()},
        "curves": saved_curves}))


def measure(args, benches):
    """Runs everything: (engines available, results, curves, ctx)."""
    engines = load_engines(HERE / "engines.toml", args.bin, args.engines)
    with tempfile.TemporaryDirectory(prefix="oxre-bench-") as tmp:
        runner = Runner(args.bin, Path(tmp), args.timeout)
        available = []
        for e in engines:
            e.version = runner.version(e)
            if e.version.startswith("unavailable"):
                log(f"engine {e.name}: {e.version}; left out")
            else:
                available.append(e)
        engines = available
        log(f"{len(benches)} benchmarks, engines: {', '.join(e.name for e in engines)}")
        started = datetime.datetime.now(datetime.timezone.utc)
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        results = run_benchmarks(benches, engines, runner, args, log)
        instructions = {}
        if args.instructions and shutil.which("valgrind"):
            instructions = run_instructions(benches, engines, results, runner, args, log)
        elif args.instructions:
            log("valgrind is missing: no instruction counts")
        threads = run_threads(args.bin, args, log) if args.threads else None
        curves = None if args.no_redos or args.sections_only else run_redos(
            [e for e in engines if e.syntax != "literal"], runner, args, log)
        load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    flags = bench_flags(sys.argv[1:])
    ctx = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "source": tool_version(["git", "-C", str(HERE.parent), "describe", "--always",
                                "--dirty"]),
        "machine": machine_info(),
        "command": "python3 bench/driver.py --bin _build/bench --rebar ../shared/bench/rebar "
                   "--out docs" + "".join(" " + f for f in flags),
        "bench_flags": " ".join(flags),
        "rounds": args.rounds, "max_time": args.max_time, "warmup": args.warmup,
        "load_before": load_before, "load_after": load_after,
        "redos_timeout": args.redos_timeout, "redos_time": args.redos_time,
        "instructions_max": args.instructions_max,
        "cc": tool_version([os.environ.get("CC", "cc"), "--version"]),
        "rustc": tool_version([os.environ.get("RUSTC", "rustc"), "--version"]),
        "packages": package_versions(),
        "dfa_full_size": dfa_full_size_text(args.bin),
        "instructions": instructions,
        "threads": threads,
    }
    return engines, results, curves, ctx


def bench_flags(argv):
    """The options beyond the paths make gives: what BENCH_FLAGS held."""
    flags, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--bin", "--rebar", "--out", "--save"):
            skip = True
        elif not a.startswith(("--bin=", "--rebar=", "--out=", "--save=")):
            flags.append(shlex.quote(a))
    return flags


def dfa_full_size_text(bindir: Path):
    """What perf-dfa-full costs in size, for the report ("" when unknown)."""
    sizes = [stripped_size(bindir / f) for f in ("runner-rust", "runner-rust-dfa-full")]
    if None in sizes:
        return ""
    lib = stripped_size(bindir.parent / ".libs" / "liboxre.so.1")
    text = (f"The feature's cost in size: the Rust runner, stripped, is "
            f"{sizes[0] / 1024:.0f} KiB without it and "
            f"{sizes[1] / 1024:.0f} KiB with it")
    return text + (f"; liboxre.so.1 (with it), stripped, is {lib / 1024:.0f} KiB."
                   if lib else ".")


def summary(o: Outcome):
    """An outcome as saved: its iterations reduced to their median."""
    d = dataclasses.asdict(o)
    d["times"] = [statistics.median(o.times)] if o.times else []
    return d


def report(args, benches, engines, results, curves, ctx, log):
    if args.sections_only:
        if not args.out:
            sys.exit("bench: --sections-only needs --out")
        update_sections(args.out / "benchmarks.md", scratch_sections(benches, results, ctx), log)
        return
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        if curves:
            plot(curves, args.out / "redos.png", log)
        write_report(args.out / "benchmarks.md", benches, engines, results, curves, ctx)
        log(f"wrote {args.out / 'benchmarks.md'}")
    else:
        for b in benches:
            m = medians(results)[b.name]
            print(b.name, " ".join(f"{e}={fmt_time(v)}" for e, v in m.items()))


if __name__ == "__main__":
    main()
