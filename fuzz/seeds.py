#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from the conformance data.

Every test of the regex crate's TOML suite (the data tests/conformance/
runs, found the same way: tests/conformance/regex_toml.py's find_testdata)
and every line of the AT&T/Fowler .dat files becomes one input per target,
in the format of fuzz/fuzz.h: control bytes carrying the test's flags,
options, bounds and anchoring, then the pattern(s), template and haystack
separated by 0xFF.

Usage: seeds.py OUTDIR    (writes OUTDIR/<target>/<name>, one file each)
Exits 0 with a note and no seeds when the data is not installed.
"""

import hashlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "conformance"))
import regex_toml  # noqa: E402

SEP = b"\xff"
CTL = 16

# Flag bits of include/oxre.h.
CASE_INSENSITIVE, NO_UNICODE, TEXT = 1 << 0, 1 << 5, 1 << 8
ANCHORED = 1 << 0
TEMPLATES = [b"$0", b"${1}x", b"$name", b"$$", b"[$1|$2]", b"", b"-", b"${2}$1"]


def ctl(*b):
    b = bytes(x & 0xFF for x in b)
    return (b + bytes(CTL))[:CTL]


def compile_bytes(flags, lt):
    """fz_options(): 2 bytes of flags, `which`, then a, b, c, d."""
    if lt == b"\n":
        return [flags & 0xFF, flags >> 8, 0, 0, 0, 0, 0]
    # options, line terminator given as byte d (which: 1 | 16 | 32)
    return [flags & 0xFF, flags >> 8, 1 | 16 | 32, 0, 0, 0, lt[0]]


def offset(i, n):
    """A control byte that fz_offset() reads as offset i of n."""
    if i == 0:
        return 0
    if i == n:
        return 255
    return i if i < 255 else 255


def seeds_for_test(t, tmpl):
    flags = 0
    if t.case_insensitive:
        flags |= CASE_INSENSITIVE
    if not t.unicode:
        flags |= NO_UNICODE
    if t.utf8:
        flags |= TEXT
    c = compile_bytes(flags, t.line_terminator)
    hay = t.haystack
    n = len(hay)
    s, e = t.bounds
    sflags = ANCHORED if t.anchored else 0
    pats = [r.encode("utf-8") for r in t.regexes]
    out = {}
    if t.single:
        p = pats[0]
        out["compile"] = ctl(*c) + p + SEP + hay
        win = c + [offset(s, n), offset(s, n), offset(e, n), sflags]
        out["search"] = ctl(*win) + p + SEP + hay
        out["captures"] = ctl(*win) + p + SEP + hay
        out["split"] = ctl(*c, 3) + p + SEP + hay
        out["stream"] = ctl(*c) + p + SEP + hay
        out["replace"] = ctl(*c, 0, 0, 255) + p + SEP + tmpl + SEP + hay
        if b"\0" not in p:
            out["posix"] = ctl(1, 0, 0, 0) + p + SEP + hay
    if 1 <= len(pats) <= 4:
        out["set"] = ctl(len(pats), *c, offset(s, n), offset(e, n), sflags) + SEP.join(pats) + SEP + hay
    return out


def fowler(d):
    """(flags, pattern, string) of the .dat files (the crate's, with its TOML)."""
    dat = os.path.join(d, "fowler", "dat")
    if not os.path.isdir(dat):
        return
    for name in sorted(os.listdir(dat)):
        if not name.endswith(".dat"):
            continue
        with open(os.path.join(dat, name), encoding="utf-8", errors="replace") as f:
            for line in f:
                fields = [x for x in line.rstrip("\n").split("\t") if x]
                if len(fields) < 4 or fields[0].startswith("NOTE") or fields[0][0] in ":#":
                    continue
                s = b"" if fields[2] == "NULL" else regex_toml.unescape(fields[2])
                yield fields[0], fields[1].encode("utf-8"), s


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py OUTDIR")
    outdir = sys.argv[1]
    d, names, _ = regex_toml.find_testdata()
    if not d or regex_toml.tomllib is None:
        print("seeds.py: no regex TOML test data (or Python < 3.11): no seeds")
        return
    written = {}

    def put(target, data):
        os.makedirs(os.path.join(outdir, target), exist_ok=True)
        h = hashlib.sha1(data).hexdigest()
        with open(os.path.join(outdir, target, h), "wb") as f:
            f.write(data)
        written[target] = written.get(target, 0) + 1

    k = 0
    for name in names:
        path = os.path.join(d, name + ".toml")
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = regex_toml.tomllib.load(f)
        for raw in data.get("test", []):
            try:
                t = regex_toml.Test(name, raw)
            except (KeyError, ValueError):
                continue
            if len(t.haystack) > 512:
                continue
            for target, seed in seeds_for_test(t, TEMPLATES[k % len(TEMPLATES)]).items():
                put(target, seed)
            k += 1
    for fl, pat, s in fowler(d):
        cflags = (1 if "E" in fl else 0) | (2 if "i" in fl else 0) | (4 if "n" in fl else 0)
        put("posix", ctl(cflags, 0, 0, 0) + pat + SEP + s)
        put("search", ctl(*compile_bytes(0, b"\n")) + pat + SEP + s)
    # oxre_buf programs (fuzz/buf.c): appends, escapes, frees.
    for prog in [b"\x00\x05hello\x04\x03a.b\x06\x10", b"\x01\x02\x01\x03\x00\x03abc\x01\x01\x02",
                 b"\x03\x01\x00\x02xy\x03\x00\x05\x00", b"\x04\x06(?:x)\x00\x01z\x02\x05"]:
        put("buf", prog)
    print("seeds.py: " + ", ".join(f"{t} {n}" for t, n in sorted(written.items())) + f" (from {d})")


if __name__ == "__main__":
    main()
