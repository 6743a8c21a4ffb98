//! The library's version.

use std::os::raw::c_char;

use crate::error::boundary;

/// Major version of the oxre this header belongs to. It changes only with an
/// incompatible ABI change (and then the soname changes with it).
pub const OXRE_VERSION_MAJOR: u32 = 1;
/// Minor version: new functions, compatible with older callers.
pub const OXRE_VERSION_MINOR: u32 = 1;
/// Patch version: fixes only.
pub const OXRE_VERSION_PATCH: u32 = 0;
/// The version as one number, MAJOR * 10000 + MINOR * 100 + PATCH, for
/// comparisons in the preprocessor: `#if OXRE_VERSION_NUMBER >= 10100`.
pub const OXRE_VERSION_NUMBER: u32 =
    OXRE_VERSION_MAJOR * 10000 + OXRE_VERSION_MINOR * 100 + OXRE_VERSION_PATCH;

/// The version of the library linked at run time, as "MAJOR.MINOR.PATCH"
/// (compare with the OXRE_VERSION_* macros of the header compiled against).
/// A static NUL-terminated string: never NULL, never free it.
#[no_mangle]
pub extern "C" fn oxre_version() -> *const c_char {
    boundary(|| Ok(concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()))
}

/// The version of the library linked at run time as one number, in the
/// format of OXRE_VERSION_NUMBER.
#[no_mangle]
pub extern "C" fn oxre_version_number() -> u32 {
    boundary(|| Ok(OXRE_VERSION_NUMBER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_constants_agree_with_the_package_version() {
        let v = format!("{OXRE_VERSION_MAJOR}.{OXRE_VERSION_MINOR}.{OXRE_VERSION_PATCH}");
        assert_eq!(v, env!("CARGO_PKG_VERSION"));
    }
}
