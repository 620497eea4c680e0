//! The library and C ABI versions: a function for what is loaded at run time, macros in the
//! header for what a program was compiled against.

use std::ffi::c_char;

/// The library's major version (`MAJOR` of [`edgeguard_version`]), as a header macro.
pub const EDGEGUARD_VERSION_MAJOR: u32 = 0;
/// The library's minor version (`MINOR` of [`edgeguard_version`]), as a header macro.
pub const EDGEGUARD_VERSION_MINOR: u32 = 1;
/// The library's patch version (`PATCH` of [`edgeguard_version`]), as a header macro.
pub const EDGEGUARD_VERSION_PATCH: u32 = 0;
/// The C ABI version: raised by every change that can break a program compiled against an older
/// header (a function, enum value or status removed or changed in meaning). `CHANGELOG.md`
/// ("C ABI") lists what each raise changed.
pub const EDGEGUARD_ABI_VERSION: u32 = 2;

/// The library version (`MAJOR.MINOR.PATCH`), NUL-terminated, static: never free it.
///
/// The only call besides the `_free` functions that returns no status: it cannot fail.
/// Thread safety: any thread, any time.
#[unsafe(no_mangle)]
pub extern "C" fn edgeguard_version() -> *const c_char {
    crate::panic::boundary(|| VERSION.as_ptr().cast())
}

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macros_match_the_crate_version() {
        let parts: Vec<u32> = env!("CARGO_PKG_VERSION")
            .split('.')
            .map(|p| p.parse().expect("numeric version part"))
            .collect();
        assert_eq!(
            parts,
            [
                EDGEGUARD_VERSION_MAJOR,
                EDGEGUARD_VERSION_MINOR,
                EDGEGUARD_VERSION_PATCH
            ]
        );
    }
}
