#!/usr/bin/env python3
"""The regex crate's own engine-independent test suite, through oxre's C API.

The regex crate ships its tests as data: testdata/*.toml (format: the
regex-test crate's documentation and testdata/README.md), which its own
suites (tests/suite_*.rs) and regex-automata's meta engine suite run. Debian's
librust-regex-dev installs them with the crate sources. This runner loads the
files the crate's suite loads (the load!() list in the crate's tests/lib.rs)
and runs every test through liboxre with ctypes, calling the same C functions
a C program would. Nothing is reimplemented here: each check is one or a few
oxre calls whose result is compared with the test's expectation.

Each test is expanded into checks as the crate's harness expands it:
is_match, find and captures for the single- and multi-pattern searches,
is_match and which for sets (RegexSet), one check for a test whose regex
must fail to compile. A check runs through the oxre functions that express
exactly what the crate does for it:

  test                                   oxre functions
  -------------------------------------  --------------------------------------
  one pattern, leftmost-first            oxre_compile, oxre_is_match,
                                         oxre_iter_new/_next/_next_captures
  several patterns, leftmost-first       oxre_compile_many, oxre_iter_next_match,
                                         oxre_captures_pattern
  utf8 = true (regex::Regex)             the OXRE_TEXT flag
  utf8 = false (regex::bytes::Regex)     the default bytes flavour
  bounds = [start, len]                  the start offset of the searches above
  bounds = [start, end < len], anchored  oxre_search, oxre_search_captures (the
                                         first match), oxre_iter_new_window
  overlapping, match-kind all            the RegexSet functions (oxre_set_*)
  case-insensitive / unicode = false     OXRE_CASE_INSENSITIVE / OXRE_NO_UNICODE
  line-terminator                        oxre_options.line_terminator
  the same, fed in chunks ("stream")     oxre_stream_new/_feed/_finish: every
                                         two-way split and one byte at a time
                                         for haystacks up to 40 bytes, random
                                         chunkings for longer ones; compared
                                         with oxre_iter over the whole input

Functions and flags are looked up in include/oxre.h (prototypes, structs and
#define constants are parsed from it, so argument types come from the header)
and in the built library; a check whose functions are not there yet is
skipped, with the reason counted and listed, never passed. Until OXRE_TEXT
exists, a utf8 = true test whose haystack is ASCII runs through the bytes
flavour: regex::Regex and regex::bytes::Regex differ only in rejecting
patterns that could match invalid UTF-8 (so only tests expected to compile
run that way) and in never letting an empty match split a code point (which
an ASCII haystack cannot have). Such passes are counted apart.

Some tests need what neither the regex crate's API nor oxre offers (the
earliest search kind iterated, match-kind all with leftmost search,
overlapping leftmost-first search): they are skipped with that reason.

Output is TAP: one line per data file with its counts, one `not ok` line per
failing check, one `# SKIP` line per skip reason with its count. Without the
data (or without liboxre), the whole run is skipped: `1..0 # SKIP reason`.

Usage: regex_toml.py HEADER LIBRARY
Environment: OXRE_REGEX_TESTDATA=dir reads the TOML files from dir only;
CARGO_REGISTRY names the crate registry searched after the system one.
"""

import ctypes
import glob
import os
import random
import re
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None


# --------------------------------------------------------------------------
# TAP


class Tap:
    def __init__(self):
        self.n = 0

    def ok(self, passed, text):
        self.n += 1
        print(f"{'' if passed else 'not '}ok {self.n} - {text}", flush=True)

    def skip(self, text, reason):
        self.n += 1
        print(f"ok {self.n} - {text} # SKIP {reason}", flush=True)

    @staticmethod
    def diag(text):
        for line in str(text).splitlines() or [""]:
            print(f"# {line}")

    def plan(self):
        print(f"1..{self.n}")


def skip_all(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


# --------------------------------------------------------------------------
# The C API, as include/oxre.h declares it


class Unsupported(Exception):
    """oxre lacks what a check needs; the message is the skip reason."""


INT_TYPES = {
    "int": ctypes.c_int,
    "size_t": ctypes.c_size_t,
    "uintptr_t": ctypes.c_size_t,
    "intptr_t": ctypes.c_ssize_t,
    "uint32_t": ctypes.c_uint32,
    "int32_t": ctypes.c_int32,
    "uint64_t": ctypes.c_uint64,
    "uint8_t": ctypes.c_uint8,
    "bool": ctypes.c_bool,
}


def strip_c_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


class Api:
    """liboxre bound through the declarations of its header."""

    def __init__(self, header_path, lib_path):
        with open(header_path, encoding="utf-8") as f:
            text = strip_c_comments(f.read())
        self.lib = ctypes.CDLL(lib_path)
        self.consts = self._defines(text)
        self.structs = {}
        for body, name in re.findall(
            r"typedef\s+struct\s*(?:\w+\s*)?\{(.*?)\}\s*(\w+)\s*;", text, re.S
        ):
            self.structs[name] = self._struct(name, body)
        # Function pointer types (callbacks) are passed as plain pointers.
        self.fnptrs = set(re.findall(r"typedef\s+[\w\s\*]+\(\s*\*\s*(\w+)\s*\)", text))
        self.protos = {}
        for ret, name, params in re.findall(
            r"^\s*([A-Za-z_][\w\s\*]*?)\b(oxre_\w+)\s*\(([^)]*)\)\s*;", text, re.M
        ):
            plist = []
            if params.strip() not in ("", "void"):
                for p in params.split(","):
                    m = re.match(r"(.*?)(\w+)\s*$", p.strip(), re.S)
                    plist.append((" ".join(m.group(1).split()), m.group(2)))
            self.protos[name] = (" ".join(ret.split()), plist)
        self._fns = {}

    def _defines(self, text):
        raw = dict(re.findall(r"^\s*#define\s+(OXRE_\w+)\s+(.+?)\s*$", text, re.M))
        values = {}

        def value(name, depth=0):
            if name in values:
                return values[name]
            expr = raw[name]
            if depth > 20 or not re.fullmatch(r"[\w\s()+\-*/<>|&~]+", expr):
                raise ValueError(expr)
            expr = re.sub(r"\b(OXRE_\w+)\b", lambda m: str(value(m.group(1), depth + 1)), expr)
            values[name] = eval(expr, {"__builtins__": {}}, {})  # digits and operators only
            return values[name]

        for name in raw:
            try:
                value(name)
            except Exception:  # not a plain integer constant: not needed here
                pass
        return values

    def _ctype(self, ctype):
        ctype = re.sub(r"\b(const|struct)\b", "", ctype)
        ctype = " ".join(ctype.replace("*", " * ").split()).replace(" *", "*")
        if ctype.endswith("*"):
            base = ctype.rstrip("* ").strip()
            if ctype.count("*") == 1 and base == "char":
                return ctypes.c_char_p
            if ctype.count("*") == 1 and base in self.structs:
                return ctypes.POINTER(self.structs[base])
            return ctypes.c_void_p
        if ctype in INT_TYPES:
            return INT_TYPES[ctype]
        if ctype in getattr(self, "fnptrs", ()):
            return ctypes.c_void_p
        if ctype in self.structs:
            return self.structs[ctype]
        raise Unsupported(f"unknown C type '{ctype}' in include/oxre.h")

    def _struct(self, name, body):
        fields = []
        for decl in body.split(";"):
            decl = " ".join(decl.split())
            if not decl:
                continue
            m = re.match(r"(.*?)(\w+)$", decl)
            fields.append((m.group(2), self._ctype(m.group(1))))
        return type(name, (ctypes.Structure,), {"_fields_": fields})

    def const(self, name):
        return self.consts.get(name)

    def has(self, name):
        """Declared in the header and exported by the library."""
        return name in self.protos and hasattr(self.lib, name)

    def call(self, name, **args):
        """Calls `name` with arguments given by their names in the header."""
        if not self.has(name):
            raise Unsupported(f"oxre has no {name}()")
        ret, params = self.protos[name]
        if name not in self._fns:
            fn = getattr(self.lib, name)
            fn.argtypes = [self._ctype(t) for t, _ in params]
            fn.restype = None if ret == "void" else self._ctype(ret)
            self._fns[name] = fn
        names = [n for _, n in params]
        if sorted(names) != sorted(args):
            raise Unsupported(
                f"{name}() takes ({', '.join(names)}) in include/oxre.h; "
                f"this runner calls it with ({', '.join(args)})"
            )
        return self._fns[name](*[args[n] for n in names])

    def struct(self, name):
        if name not in self.structs:
            raise Unsupported(f"oxre.h has no struct {name}")
        return self.structs[name]()

    def last_error(self):
        err = self.call("oxre_last_error")
        if not err:
            return "(no last error)"
        e = err.contents
        return f"{e.message.decode('utf-8', 'replace')} (code {e.code})"


# --------------------------------------------------------------------------
# The test data


def unescape(s):
    """The haystack decoding of the crate's harness: \\xNN, \\n, \\r, \\t,
    \\0 and \\\\; anything else stays as written."""
    b = s.encode("utf-8")
    out = bytearray()
    i = 0
    simple = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("0"): 0, ord("\\"): 92}
    while i < len(b):
        if b[i] == 0x5C and i + 1 < len(b):
            c = b[i + 1]
            if c == ord("x") and re.fullmatch(rb"[0-9A-Fa-f]{2}", b[i + 2 : i + 4]):
                out.append(int(b[i + 2 : i + 4], 16))
                i += 4
                continue
            if c in simple:
                out.append(simple[c])
                i += 2
                continue
        out.append(b[i])
        i += 1
    return bytes(out)


def parse_match(m):
    """One entry of `matches` -> (pattern id, [span or None, ...])."""
    if isinstance(m, dict):
        pid = m["id"]
        spans = [m["span"]] if "span" in m else m["spans"]
    elif len(m) == 2 and all(isinstance(x, int) for x in m):
        pid, spans = 0, [m]
    else:
        pid, spans = 0, m
    groups = [tuple(s) if s else None for s in spans]
    if not groups or groups[0] is None:
        raise ValueError(f"malformed match {m!r}")
    return pid, groups


class Test:
    def __init__(self, group, t):
        self.group = group
        self.name = f"{group}/{t['name']}"
        r = t["regex"]
        self.single = isinstance(r, str)
        self.regexes = [r] if self.single else list(r)
        self.haystack = unescape(t["haystack"]) if t.get("unescape") else t["haystack"].encode()
        b = t.get("bounds")
        if isinstance(b, dict):
            b = [b["start"], b["end"]]
        self.bounds = tuple(b) if b else (0, len(self.haystack))
        self.matches = [parse_match(m) for m in t["matches"]]
        self.match_limit = t.get("match-limit")
        self.compiles = t.get("compiles", True)
        self.anchored = t.get("anchored", False)
        self.case_insensitive = t.get("case-insensitive", False)
        self.unicode = t.get("unicode", True)
        self.utf8 = t.get("utf8", True)
        lt = t.get("line-terminator", "")
        self.line_terminator = unescape(lt) if lt else b"\n"
        if len(self.line_terminator) != 1:
            raise ValueError(f"line terminator {lt!r} is not one byte")
        self.match_kind = t.get("match-kind", "leftmost-first")
        self.search_kind = t.get("search-kind", "leftmost")


def find_testdata():
    """Returns (directory, file list, where the list came from)."""
    override = os.environ.get("OXRE_REGEX_TESTDATA")
    if override:
        dirs = [override] if os.path.isfile(os.path.join(override, "anchored.toml")) else []
    else:
        dirs = []
        patterns = ["/usr/share/cargo/registry/regex-1.*/testdata"]
        if os.environ.get("CARGO_REGISTRY"):
            patterns.append(os.path.join(os.environ["CARGO_REGISTRY"], "regex-1.*", "testdata"))
        for pattern in patterns:
            found = [d for d in glob.glob(pattern) if os.path.isfile(os.path.join(d, "anchored.toml"))]

            def version(d):
                v = re.search(r"regex-(\d+)\.(\d+)\.(\d+)", d)
                return tuple(int(x) for x in v.groups()) if v else (0, 0, 0)

            dirs += sorted(found, key=version, reverse=True)
    if not dirs:
        return None, None, None
    d = dirs[0]
    lib_rs = os.path.join(d, "..", "tests", "lib.rs")
    names = []
    if os.path.isfile(lib_rs):
        with open(lib_rs, encoding="utf-8") as f:
            names = re.findall(r'load!\("([\w/-]+)"\)', f.read())
    if names:
        return d, names, f"the load!() list of {os.path.normpath(lib_rs)}"
    files = sorted(glob.glob(os.path.join(d, "*.toml")) + glob.glob(os.path.join(d, "*", "*.toml")))
    return d, [os.path.relpath(f, d)[:-5] for f in files], "every .toml file (no tests/lib.rs)"


# --------------------------------------------------------------------------
# Running the checks


# Skip reasons for what neither the regex crate's API nor oxre offers.
NOT_IN_CRATE_EARLIEST = (
    "earliest search kind, iterated (regex-automata's find_iter over Input::earliest): "
    "not in the regex crate's API, and the offsets depend on the engine (regex-automata's "
    "own meta suite skips earliest.toml too)"
)
NOT_IN_CRATE_ALL_LEFTMOST = (
    "match-kind all with a leftmost search: regex-automata's MatchKind::All, "
    "which the regex crate's API does not offer"
)
NOT_IN_CRATE_OVERLAPPING_FIRST = (
    "overlapping search with leftmost-first semantics: regex-automata only"
)
NOT_IN_CRATE_LONGEST = "leftmost-longest semantics: not in the regex crate"
NEEDS_TEXT = "needs the text flavour (OXRE_TEXT, regex::Regex)"
# The functions and flags the checks use, for the log.
USED = (
    "oxre_compile oxre_compile_many oxre_options_init oxre_is_match oxre_iter_new "
    "oxre_iter_next oxre_iter_next_match oxre_iter_next_captures oxre_captures_new "
    "oxre_captures_get oxre_captures_group_count oxre_captures_pattern oxre_search "
    "oxre_search_captures oxre_set_compile oxre_set_is_match oxre_set_matches OXRE_TEXT "
    "oxre_stream_new oxre_stream_feed oxre_stream_finish oxre_stream_free "
    "OXRE_ANCHORED OXRE_NO_UNICODE OXRE_CASE_INSENSITIVE"
).split()


class Outcome(Exception):
    """A check's result other than a plain pass."""

    def __init__(self, kind, text):
        super().__init__(text)
        self.kind = kind  # "fail" or "skip"
        self.text = text


def fail(text):
    raise Outcome("fail", text)


def skip(text):
    raise Outcome("skip", text)


def q(b):
    """A byte string for diagnostics."""
    out = []
    for c in b:
        if 0x20 <= c < 0x7F and c not in (0x22, 0x5C):
            out.append(chr(c))
        else:
            out.append("\\" + chr(c) if c in (0x22, 0x5C) else f"\\x{c:02X}")
    s = "".join(out)
    return f'"{s[:300]}{"..." if len(s) > 300 else ""}"'


class Runner:
    def __init__(self, api):
        self.api = api
        self.text_flag = api.const("OXRE_TEXT")

    # -- compiling --

    def compile(self, test, use_text, as_set=False):
        """Compiles the test's pattern(s) with its settings: oxre_compile for
        one pattern, oxre_compile_many for a list, oxre_set_compile for a
        set. Returns the handle, or None with the last error set."""
        api = self.api
        if as_set:
            fn = "oxre_set_compile"
            if not api.has(fn):
                skip("sets (RegexSet: oxre_set_compile, oxre_set_is_match, oxre_set_matches)")
        elif test.single:
            fn = "oxre_compile"
        else:
            fn = "oxre_compile_many"
            if not api.has(fn):
                skip("several patterns searched at once (oxre_compile_many)")
        flags = 0
        if test.case_insensitive:
            flags |= api.const("OXRE_CASE_INSENSITIVE")
        if not test.unicode:
            flags |= api.const("OXRE_NO_UNICODE")
        if use_text:
            flags |= self.text_flag
        opts = api.struct("oxre_options")
        if api.call("oxre_options_init", options=ctypes.byref(opts)) != 0:
            fail(f"oxre_options_init failed: {api.last_error()}")
        opts.line_terminator = test.line_terminator[0]
        pats = [p.encode("utf-8") for p in test.regexes]
        if fn == "oxre_compile":
            return api.call(fn, pattern=pats[0], pattern_len=len(pats[0]), flags=flags,
                            options=ctypes.byref(opts))
        n = max(1, len(pats))
        arr = (ctypes.c_char_p * n)(*pats)
        lens = (ctypes.c_size_t * n)(*[len(p) for p in pats])
        return api.call(fn, patterns=arr, pattern_lens=lens, count=len(pats), flags=flags,
                        options=ctypes.byref(opts))

    # -- searching --

    def check(self, rc, what):
        if rc < 0:
            fail(f"{what} returned {rc}: {self.api.last_error()}")
        return rc

    def groups(self, caps):
        api = self.api
        n = api.call("oxre_captures_group_count", caps=caps)
        out = []
        span = api.struct("oxre_span")
        for i in range(n):
            r = self.check(
                api.call("oxre_captures_get", caps=caps, index=i, span=ctypes.byref(span)),
                f"oxre_captures_get({i})",
            )
            out.append((span.start, span.end) if r == 1 else None)
        pid = 0
        if api.has("oxre_captures_pattern"):
            pid = self.check(api.call("oxre_captures_pattern", caps=caps), "oxre_captures_pattern")
        return pid, out

    def window_search(self, re_, test, hay, captures):
        """The first match in the test's window, anchored if the test is."""
        api = self.api
        flags = 0
        if test.anchored:
            flags = api.const("OXRE_ANCHORED")
            if flags is None:
                skip("anchored search (OXRE_ANCHORED)")
        start, end = test.bounds
        if not captures:
            if not api.has("oxre_search"):
                skip("search in a window or anchored (oxre_search)")
            m = api.struct("oxre_match")
            r = self.check(
                api.call(
                    "oxre_search", re=re_, haystack=hay, haystack_len=len(hay), start=start,
                    end=end, search_flags=flags, match=ctypes.byref(m),
                ),
                "oxre_search",
            )
            return [(m.pattern, (m.start, m.end))] if r == 1 else []
        if not api.has("oxre_search_captures"):
            skip("captures in a window or anchored (oxre_search_captures)")
        caps = api.call("oxre_captures_new", re=re_)
        try:
            r = self.check(
                api.call(
                    "oxre_search_captures", re=re_, caps=caps, haystack=hay,
                    haystack_len=len(hay), start=start, end=end, search_flags=flags,
                ),
                "oxre_search_captures",
            )
            return [self.groups(caps)] if r == 1 else []
        finally:
            api.call("oxre_captures_free", caps=caps)

    def iterate(self, re_, test, hay, captures):
        """All matches in the test's window (anchored if the test is), up
        to the test's limit."""
        api = self.api
        start, end = test.bounds
        if test.anchored or end != len(hay):
            it = api.call("oxre_iter_new_window", re=re_, haystack=hay, haystack_len=len(hay),
                          start=start, end=end,
                          search_flags=api.const("OXRE_ANCHORED") if test.anchored else 0)
        else:
            it = api.call("oxre_iter_new", re=re_, haystack=hay, haystack_len=len(hay),
                          start=start)
        if not it:
            fail(f"oxre_iter_new failed: {api.last_error()}")
        caps = api.call("oxre_captures_new", re=re_) if captures else None
        out = []
        try:
            limit = test.match_limit if test.match_limit is not None else float("inf")
            while len(out) < limit:
                if captures:
                    r = self.check(api.call("oxre_iter_next_captures", it=it, caps=caps),
                                   "oxre_iter_next_captures")
                    if r == 0:
                        break
                    out.append(self.groups(caps))
                elif api.has("oxre_iter_next_match"):
                    m = api.struct("oxre_match")
                    r = self.check(api.call("oxre_iter_next_match", it=it, match=ctypes.byref(m)),
                                   "oxre_iter_next_match")
                    if r == 0:
                        break
                    out.append((m.pattern, (m.start, m.end)))
                else:
                    if not test.single:
                        skip("pattern ids while iterating (oxre_iter_next_match)")
                    s = api.struct("oxre_span")
                    r = self.check(api.call("oxre_iter_next", it=it, match=ctypes.byref(s)),
                                   "oxre_iter_next")
                    if r == 0:
                        break
                    out.append((0, (s.start, s.end)))
                if len(out) > 10 * len(hay) + 100:
                    fail("the iterator does not end")
        finally:
            if caps:
                api.call("oxre_captures_free", caps=caps)
            api.call("oxre_iter_free", it=it)
        return out

    def matches(self, re_, test, captures):
        """The matches the crate's harness collects, via oxre."""
        hay = test.haystack
        start, end = test.bounds
        # In a window, or anchored, one search decides the result when only
        # the first match is wanted, or when none is expected (the
        # iteration's first search is this one).
        if (test.anchored or end != len(hay)) and (test.match_limit == 1 or not test.matches):
            return self.window_search(re_, test, hay, captures)
        return self.iterate(re_, test, hay, captures)

    def is_match(self, re_, test):
        api = self.api
        hay = test.haystack
        start, end = test.bounds
        if test.anchored or end != len(hay):
            return bool(self.window_search(re_, test, hay, False))
        r = self.check(api.call("oxre_is_match", re=re_, haystack=hay, haystack_len=len(hay),
                                start=start), "oxre_is_match")
        return r == 1

    # -- planning --

    def flavour(self, test):
        """(use OXRE_TEXT, note) for a test, or raises a skip."""
        if not test.utf8:
            return False, None
        if self.text_flag is not None:
            return True, None
        if test.compiles and test.haystack.isascii():
            return False, "bytes flavour for text (ASCII haystack)"
        skip(NEEDS_TEXT)

    def checks(self, test):
        """The checks of a test: (name, function returning a note or None)."""
        sk, mk = test.search_kind, test.match_kind
        if mk == "leftmost-longest":
            return [("all", lambda: skip(NOT_IN_CRATE_LONGEST))]
        if sk == "earliest":
            return [("all", lambda: skip(NOT_IN_CRATE_EARLIEST))]
        if sk == "overlapping" and mk == "all":
            if not test.compiles:
                return [("compile", lambda: self.run_compile_fails(test, True))]
            return [(n, lambda n=n: self.run_set(test, n)) for n in ("is_match", "which")]
        if sk == "overlapping":
            return [("all", lambda: skip(NOT_IN_CRATE_OVERLAPPING_FIRST))]
        if mk == "all":
            return [("all", lambda: skip(NOT_IN_CRATE_ALL_LEFTMOST))]
        if not test.compiles:
            return [("compile", lambda: self.run_compile_fails(test, False))]
        return [(n, lambda n=n: self.run_regex(test, n))
                for n in ("is_match", "find", "captures", "stream")]

    def run_compile_fails(self, test, as_set):
        if test.utf8 and self.text_flag is None:
            skip(NEEDS_TEXT)
        obj = self.compile(test, test.utf8, as_set)
        if obj:
            if as_set:
                self.api.call("oxre_set_free", set=obj)
            else:
                self.api.call("oxre_free", re=obj)
            fail("compiled, but the test expects an error")
        # A pattern error, not a misuse of the API by this runner.
        err = self.api.call("oxre_last_error")
        codes = (self.api.const("OXRE_ESYNTAX"), self.api.const("OXRE_ESIZE"))
        if not err or err.contents.code not in codes:
            fail(f"failed to compile, but not with OXRE_ESYNTAX/OXRE_ESIZE: {self.api.last_error()}")
        return None

    def run_regex(self, test, name):
        use_text, note = self.flavour(test)
        re_ = self.compile(test, use_text)
        if not re_:
            fail(f"does not compile: {self.api.last_error()}")
        try:
            if name == "stream":
                self.stream_check(re_, test)
                return note
            if name == "is_match":
                got, want = self.is_match(re_, test), bool(test.matches)
            elif name == "find":
                got = self.matches(re_, test, False)
                want = [(pid, groups[0]) for pid, groups in test.matches]
            else:
                got, want = self.matches(re_, test, True), test.matches
            if got != want:
                fail(f"expected {want}, got {got}")
        finally:
            self.api.call("oxre_free", re=re_)
        return note

    # -- streams --

    def whole(self, re_, hay):
        """Every match oxre_iter finds over the whole haystack."""
        api = self.api
        it = api.call("oxre_iter_new", re=re_, haystack=hay, haystack_len=len(hay), start=0)
        if not it:
            fail(f"oxre_iter_new failed: {api.last_error()}")
        out, m = [], api.struct("oxre_match")
        while self.check(api.call("oxre_iter_next_match", it=it, match=ctypes.byref(m)),
                         "oxre_iter_next_match") == 1:
            out.append((m.pattern, (m.start, m.end)))
        api.call("oxre_iter_free", it=it)
        return out

    def streamed(self, re_, hay, sizes):
        """The matches a stream reports when fed `hay` in chunks of the
        given sizes (cycled), then finished."""
        api = self.api
        s = api.call("oxre_stream_new", re=re_, stream_flags=0, options=None)
        if not s:
            fail(f"oxre_stream_new failed: {api.last_error()}")
        out = []
        mtype = type(api.struct("oxre_stream_match"))

        @ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(mtype))
        def cb(_ctx, m):
            out.append((m.contents.pattern, (m.contents.start, m.contents.end)))
            return 0

        cbp = ctypes.cast(cb, ctypes.c_void_p)
        try:
            at, k = 0, 0
            while at < len(hay):
                n = min(sizes[k % len(sizes)], len(hay) - at)
                k += 1
                piece = hay[at:at + n]
                self.check(api.call("oxre_stream_feed", s=s, chunk=piece, len=n, cb=cbp,
                                    ctx=None), "oxre_stream_feed")
                at += n
            self.check(api.call("oxre_stream_finish", s=s, cb=cbp, ctx=None),
                       "oxre_stream_finish")
        finally:
            api.call("oxre_stream_free", s=s)
        return out

    def stream_check(self, re_, test):
        if not self.api.has("oxre_stream_new"):
            skip("streams (oxre_stream_new)")
        # Compared with the iterator over the whole haystack, not with the
        # test's expectation: so tests with bounds or anchored run too.
        hay = test.haystack
        want = self.whole(re_, hay)
        if len(hay) <= 40:
            chunkings = [[1], [len(hay) or 1]] + [[i, len(hay)] for i in range(1, len(hay))]
        else:
            rng = random.Random(len(hay) * 7919 + len(want))
            chunkings = [[1], [len(hay)]] + [
                [rng.randint(1, 64) for _ in range(8)] for _ in range(4)]
        for sizes in chunkings:
            got = self.streamed(re_, hay, sizes)
            if got != want:
                fail(f"fed in chunks of {sizes}: expected {want}, got {got}")

    def run_set(self, test, name):
        api = self.api
        windowed = test.anchored or test.bounds[1] != len(test.haystack)
        if windowed and not api.has("oxre_set_search"):
            skip("anchored set search, or one ending before the haystack does "
                 "(oxre_set_search)")
        use_text, note = self.flavour(test)
        set_ = self.compile(test, use_text, as_set=True)
        if not set_:
            fail(f"does not compile: {api.last_error()}")
        hay = test.haystack
        try:
            want_ids = sorted({pid for pid, _ in test.matches})
            n = len(test.regexes)
            if windowed:
                matched = (ctypes.c_bool * max(1, n))()
                flags = api.const("OXRE_ANCHORED") if test.anchored else 0
                self.check(api.call("oxre_set_search", set=set_, haystack=hay,
                                    haystack_len=len(hay), start=test.bounds[0],
                                    end=test.bounds[1], search_flags=flags, matched=matched,
                                    matched_len=n), "oxre_set_search")
                got = [i for i in range(n) if matched[i]]
                got, want = (bool(got), bool(want_ids)) if name == "is_match" else (got, want_ids)
            elif name == "is_match":
                r = self.check(api.call("oxre_set_is_match", set=set_, haystack=hay,
                                        haystack_len=len(hay), start=test.bounds[0]),
                               "oxre_set_is_match")
                got, want = r == 1, bool(want_ids)
            else:
                n = len(test.regexes)
                matched = (ctypes.c_bool * max(1, n))()
                self.check(api.call("oxre_set_matches", set=set_, haystack=hay,
                                    haystack_len=len(hay), start=test.bounds[0], matched=matched,
                                    matched_len=n), "oxre_set_matches")
                got, want = [i for i in range(n) if matched[i]], want_ids
            if got != want:
                fail(f"expected {want}, got {got}")
        finally:
            api.call("oxre_set_free", set=set_)
        return note


def main():
    if len(sys.argv) != 3:
        print(__doc__.split("\n\n")[-2], file=sys.stderr)
        sys.exit(2)
    header, lib = sys.argv[1:]
    if tomllib is None:
        skip_all("Python's tomllib is missing (Python 3.11 or newer is needed)")
    d, names, origin = find_testdata()
    if d is None:
        skip_all(
            "no regex crate test data (testdata/*.toml): looked in "
            + (os.environ.get("OXRE_REGEX_TESTDATA") or
               "/usr/share/cargo/registry/regex-1.*/testdata and $CARGO_REGISTRY/regex-1.*/testdata")
            + "; install librust-regex-dev (regex >= 1.9)"
        )
    if not os.path.isfile(lib):
        skip_all(f"no built library at {lib}")
    api = Api(header, lib)
    runner = Runner(api)
    tap = Tap()
    tap.diag(f"reading {os.path.normpath(d)}: {len(names)} files, from {origin}")
    missing = [n for n in USED if not (api.has(n) or api.const(n) is not None)]
    tap.diag("oxre functions and flags the checks use: " + " ".join(USED))
    tap.diag("not in include/oxre.h and liboxre yet: " + (" ".join(missing) or "none"))
    if runner.text_flag is None:
        tap.diag("no OXRE_TEXT yet: utf8 = true tests with an ASCII haystack run on the bytes flavour")
    skips = {}  # reason -> list of check names
    totals = {"pass": 0, "fail": 0, "skip": 0, "tests": 0, "noted": {}}
    for name in names:
        path = os.path.join(d, name + ".toml")
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
            tests = [Test(name, t) for t in data.get("test", [])]
        except (OSError, ValueError, KeyError, TypeError) as e:
            tap.ok(False, f"{name}.toml: cannot load it: {e}")
            continue
        counts = {"pass": 0, "fail": 0, "skip": 0}
        for test in tests:
            totals["tests"] += 1
            for check, run in runner.checks(test):
                full = f"{test.name}/{check}"
                try:
                    note = run()
                    counts["pass"] += 1
                    if note:
                        totals["noted"][note] = totals["noted"].get(note, 0) + 1
                except Outcome as o:
                    counts[o.kind] += 1
                    if o.kind == "skip":
                        skips.setdefault(o.text, []).append(full)
                    else:
                        tap.ok(False, f"{full}: /{'/, /'.join(test.regexes)}/ on "
                                      f"{q(test.haystack)}: {o.text}")
                except Unsupported as u:
                    counts["skip"] += 1
                    skips.setdefault(str(u), []).append(full)
        for k in counts:
            totals[k] += counts[k]
        tap.ok(counts["fail"] == 0,
               f"{name}.toml: {len(tests)} tests, {sum(counts.values())} checks: "
               f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    for reason, which in sorted(skips.items(), key=lambda kv: -len(kv[1])):
        tap.skip(f"{len(which)} checks", reason)
        tap.diag("  " + " ".join(which))
    for note, n in totals["noted"].items():
        tap.diag(f"{n} of the passed checks ran with the {note}")
    tap.diag(f"regex TOML suite: {totals['tests']} tests, "
             f"{totals['pass'] + totals['fail'] + totals['skip']} checks: "
             f"{totals['pass']} passed, {totals['fail']} failed, {totals['skip']} skipped")
    tap.plan()


if __name__ == "__main__":
    main()
