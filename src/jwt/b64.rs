//! Strict base64url without padding (RFC 7515 §2), the only encoding a compact JWS or a JWK uses.

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

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `bytes` as base64url without padding: the one encoding [`decode`] accepts.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        // 2, 3 or 4 characters for 1, 2 or 3 bytes.
        for i in 0..=chunk.len() {
            let six = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(
                ALPHABET.get(six as usize).copied().unwrap_or(b'A'),
            ));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{decode, encode};
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

    #[test]
    fn encode_known_answers() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (&[0xff, 0xef][..], "_-8"),
        ] {
            assert_eq!(encode(bytes), text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn encode_matches_the_base64_crate_and_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let text = encode(&bytes);
            prop_assert_eq!(&text, &ENGINE.encode(&bytes));
            prop_assert_eq!(decode(&text).unwrap(), bytes);
        }

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
