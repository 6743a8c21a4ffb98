//! Records the version of the regex crate in use (from Cargo.lock), for the
//! runner's --version.

use std::fs;

fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut version = String::from("unknown");
    let mut in_regex = false;
    for line in lock.lines() {
        if line == "[[package]]" {
            in_regex = false;
        } else if line == "name = \"regex\"" {
            in_regex = true;
        } else if in_regex {
            if let Some(v) = line.strip_prefix("version = \"") {
                version = v.trim_end_matches('"').to_string();
                break;
            }
        }
    }
    println!("cargo:rustc-env=OXRE_BENCH_REGEX_VERSION={version}");
}
