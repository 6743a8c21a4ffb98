//! Benchmark runner: the regex crate called directly from Rust, the baseline
//! that measures what oxre's C boundary costs. It speaks the protocol of
//! bench/runner.h (same options, same output, same exit statuses) and makes
//! the same choices as bench/engine-oxre.c: bytes regexes, the same builder
//! settings, captures reused across searches, lines split outside the timed
//! loop.

use std::io::Write;
use std::process::exit;
use std::time::Instant;

use regex::bytes::{CaptureLocations, Regex, RegexBuilder};

#[derive(Clone, Copy, PartialEq)]
enum Model {
    Compile,
    Count,
    CountSpans,
    CountCaptures,
    Grep,
    GrepCaptures,
}

struct Config {
    model: Model,
    case_insensitive: bool,
    unicode: bool,
    patterns: Vec<String>,
}

fn die(status: i32, what: &str, msg: &str) -> ! {
    eprintln!("runner-rust: {what}: {msg}");
    exit(status)
}

fn error(msg: &str) -> ! {
    die(1, "error", msg)
}

fn usage(msg: &str) -> ! {
    die(2, "usage", msg)
}

fn compile(cfg: &Config) -> Regex {
    if cfg.patterns.len() != 1 {
        die(3, "unsupported", "one pattern at a time");
    }
    RegexBuilder::new(&cfg.patterns[0])
        .unicode(cfg.unicode)
        .case_insensitive(cfg.case_insensitive)
        .size_limit(100 << 20)
        .build()
        .unwrap_or_else(|e| error(&e.to_string()))
}

/// Successive searches from the end of the previous match, counting the
/// participating groups (rebar's definition; no benchmark has empty matches).
fn count_captures(re: &Regex, locs: &mut CaptureLocations, hay: &[u8]) -> u64 {
    let mut n = 0;
    let mut at = 0;
    while let Some(m) = re.captures_read_at(locs, hay, at) {
        n += (0..locs.len()).filter(|&i| locs.get(i).is_some()).count() as u64;
        at = m.end();
    }
    n
}

/// The lines for the grep models: split on \n, a trailing \r dropped.
fn split_lines(hay: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = hay.split(|&b| b == b'\n').collect();
    if hay.last() == Some(&b'\n') || hay.is_empty() {
        lines.pop();
    }
    for line in lines.iter_mut() {
        if let Some(stripped) = line.strip_suffix(b"\r") {
            *line = stripped;
        }
    }
    lines
}

struct State<'h> {
    first_count: Option<u64>,
    re: Option<Regex>,
    locs: Option<CaptureLocations>,
    hay: &'h [u8],
    lines: Vec<&'h [u8]>,
}

/// One iteration of the model: its count and the time of the timed part.
/// As runner.c: for compile, only the first iteration's regex is searched.
fn iteration(cfg: &Config, s: &mut State) -> (u64, u128) {
    if cfg.model == Model::Compile {
        let t0 = Instant::now();
        let re = compile(cfg);
        let t = t0.elapsed().as_nanos();
        let count = *s
            .first_count
            .get_or_insert_with(|| re.find_iter(s.hay).count() as u64);
        return (count, t);
    }
    let re = s.re.as_ref().expect("compiled");
    let t0 = Instant::now();
    let count = match cfg.model {
        Model::Count => re.find_iter(s.hay).count() as u64,
        Model::CountSpans => re.find_iter(s.hay).map(|m| m.len() as u64).sum(),
        Model::CountCaptures => count_captures(re, s.locs.as_mut().expect("locs"), s.hay),
        Model::Grep => s.lines.iter().filter(|l| re.is_match(l)).count() as u64,
        Model::GrepCaptures => {
            let locs = s.locs.as_mut().expect("locs");
            s.lines.iter().map(|l| count_captures(re, locs, l)).sum()
        }
        Model::Compile => unreachable!(),
    };
    (count, t0.elapsed().as_nanos())
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| error(&format!("{path}: {e}")))
}

fn number(opt: &str, v: &str) -> u128 {
    v.parse()
        .unwrap_or_else(|_| usage(&format!("{opt} wants a number, not '{v}'")))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cfg = Config {
        model: Model::Count,
        case_insensitive: false,
        unicode: false,
        patterns: vec![],
    };
    let (mut model_given, mut hay_path) = (false, None);
    let (mut max_iters, mut max_time_ms, mut warmup_ms) = (1_000_000u128, 1000u128, 100u128);
    let mut once_ms = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-i" => cfg.case_insensitive = true,
            "-u" => cfg.unicode = true,
            "--version" => {
                // The version of the regex crate this was built with.
                let full = if cfg!(feature = "dfa-full") {
                    " +perf-dfa-full"
                } else {
                    ""
                };
                println!("regex {}{full}", env!("OXRE_BENCH_REGEX_VERSION"));
                return;
            }
            _ => {
                let v = args
                    .get(i + 1)
                    .unwrap_or_else(|| usage(&format!("unknown option or missing value: {a}")));
                match a {
                    "--engine" => usage("the native runner has no variants"),
                    "--model" => {
                        model_given = true;
                        cfg.model = match v.as_str() {
                            "compile" => Model::Compile,
                            "count" => Model::Count,
                            "count-spans" => Model::CountSpans,
                            "count-captures" => Model::CountCaptures,
                            "grep" => Model::Grep,
                            "grep-captures" => Model::GrepCaptures,
                            _ => usage(&format!("unknown model '{v}'")),
                        }
                    }
                    "-p" => cfg.patterns.push(
                        String::from_utf8(read(v))
                            .unwrap_or_else(|_| die(3, "unsupported", "pattern is not UTF-8")),
                    ),
                    "-H" => hay_path = Some(v.clone()),
                    "--max-iters" => max_iters = number(a, v).max(1),
                    "--max-time" => max_time_ms = number(a, v),
                    "--warmup-time" => warmup_ms = number(a, v),
                    "--once-over" => once_ms = Some(number(a, v)),
                    _ => usage(&format!("unknown option {a}")),
                }
                i += 1;
            }
        }
        i += 1;
    }
    let hay_path = hay_path.unwrap_or_else(|| usage("--model, -p and -H are required"));
    if !model_given || cfg.patterns.is_empty() {
        usage("--model, -p and -H are required");
    }
    let hay = read(&hay_path);
    let mut s = State {
        first_count: None,
        re: None,
        locs: None,
        hay: &hay,
        lines: vec![],
    };
    if matches!(cfg.model, Model::Grep | Model::GrepCaptures) {
        s.lines = split_lines(&hay);
    }
    if cfg.model != Model::Compile {
        let re = compile(&cfg);
        s.locs = Some(re.capture_locations());
        s.re = Some(re);
    }

    let max_time = max_time_ms * 1_000_000;
    let warmup = warmup_ms * 1_000_000;
    let once = once_ms.map_or(max_time, |ms| ms * 1_000_000);
    let mut times: Vec<u128> = vec![];
    // As runner.c: the first iteration fixes the count; one slower than
    // --once-over (by default the whole budget) is the only sample.
    let (expected, first) = iteration(&cfg, &mut s);
    if first >= once {
        times.push(first);
    } else {
        let mut spent = first;
        while spent < warmup {
            let (c, t) = iteration(&cfg, &mut s);
            if c != expected {
                error("the count changed between iterations");
            }
            spent += t;
        }
        let start = Instant::now();
        while (times.len() as u128) < max_iters
            && (times.is_empty() || start.elapsed().as_nanos() < max_time)
        {
            let (c, t) = iteration(&cfg, &mut s);
            if c != expected {
                error(&format!(
                    "the count changed between iterations ({expected}, then {c})"
                ));
            }
            times.push(t);
        }
    }
    // As runner.c: the searches one iteration makes, for the per-call cost.
    let calls = match cfg.model {
        Model::Compile => 1,
        Model::Grep => s.lines.len() as u64,
        _ => {
            let re = s.re.as_ref().expect("compiled");
            let hays = if cfg.model == Model::GrepCaptures {
                s.lines.clone()
            } else {
                vec![s.hay]
            };
            hays.iter()
                .map(|h| re.find_iter(h).count() as u64 + 1)
                .sum()
        }
    };
    let mut out = format!("count {expected}\ncalls {calls}\ntimes");
    for t in &times {
        out.push_str(&format!(" {t}"));
    }
    if writeln!(std::io::stdout(), "{out}").is_err() {
        exit(1);
    }
}
