//! Strict base64url without padding (RFC 7515 §2), the only encoding a compact JWS or a JWK uses.

use crate::prelude::*;

/// Decodes `text`: the alphabet `A-Z a-z 0-9 - _` only (no `=`, `+`, `/` or whitespace), a
/// length that is not 1 modulo 4, and the unused bits of the last character zero, so each byte
/// string has exactly one encoding (jose tolerates those bits: see the contract, §4). `None`
/// otherwise.
///
/// Hand-written: the `base64` crate's general engine is 3.5 KB of wasm for these dozen lines.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // What is left (0, 2 or 4 bits) encodes nothing and must be zero.
    (acc == 0).then_some(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::decode;
    use base64::Engine as _;
    use proptest::prelude::*;

    const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn known_answers() {
        assert_eq!(decode("").unwrap(), b"");
        assert_eq!(decode("Zg").unwrap(), b"f");
        assert_eq!(decode("Zm8").unwrap(), b"fo");
        assert_eq!(decode("Zm9v").unwrap(), b"foo");
        assert_eq!(decode("_-8").unwrap(), [0xff, 0xef]);
        for bad in [
            "Z", "Zh", "Zm9", "Zg==", "Zg=", "Zm9v\n", "+/8", " Zg", "Zm9v=", "é",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
            assert!(ENGINE.decode(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            prop_assert_eq!(decode(&ENGINE.encode(&bytes)), Some(bytes));
        }

        #[test]
        fn agrees_with_the_base64_crate(text in "[A-Za-z0-9_=+/ -]{0,24}") {
            prop_assert_eq!(decode(&text), ENGINE.decode(&text).ok());
        }

        #[test]
        fn agrees_on_near_misses(text in "[AQgw_-]{0,11}[A-Za-z0-9_-]") {
            prop_assert_eq!(decode(&text), ENGINE.decode(&text).ok());
        }
    }
}
