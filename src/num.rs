//! Integer arithmetic without core's overflow-detecting multiply. On wasm32, `u64::checked_mul`
//! and `saturating_mul` (and so `str::parse::<u64>`) detect overflow with a 128-bit multiply
//! (compiler-rt's `__multi3`); comparing against `u64::MAX / b` first, which folds to a constant
//! for the constant factors the crate uses, needs none.

/// `a · b`, or `u64::MAX` when that overflows: `u64::saturating_mul`.
pub(crate) fn saturating_mul(a: u64, b: u64) -> u64 {
    if b != 0 && a > u64::MAX / b {
        u64::MAX
    } else {
        a * b
    }
}

/// ASCII decimal digits as a `u64`: `None` when `digits` is empty, holds anything but `0`-`9`, or
/// does not fit. (`str::parse::<u64>` also takes a leading `+`.)
pub(crate) fn decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut u: u64 = 0;
    for &b in digits {
        let d = u64::from(b.wrapping_sub(b'0'));
        if d > 9 || u > (u64::MAX - d) / 10 {
            return None;
        }
        u = u * 10 + d;
    }
    Some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn agrees_with_core() {
        let values = [
            0,
            1,
            2,
            3,
            9,
            10,
            999,
            1000,
            u64::MAX / 1000,
            u64::MAX / 1000 + 1,
        ];
        let values =
            values
                .into_iter()
                .chain([u64::MAX / 3, u64::MAX / 3 + 1, u64::MAX - 1, u64::MAX]);
        for a in values.clone() {
            for b in values.clone() {
                assert_eq!(saturating_mul(a, b), a.saturating_mul(b), "{a} * {b}");
            }
        }
        for s in [
            "0",
            "7",
            "10",
            "0042",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "",
            "-1",
            "1a",
            "a",
            " 1",
            "1 ",
            "1.5",
            "/",
            ":",
        ] {
            assert_eq!(decimal(s.as_bytes()), s.parse::<u64>().ok(), "{s:?}");
        }
        // The one difference: core takes a leading `+`.
        assert_eq!(decimal(b"+5"), None);
    }
}
