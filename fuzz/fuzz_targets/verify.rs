//! Fuzzes the whole untrusted-input path: JWKS parsing, token parsing, header policy, key
//! selection, signature and claim checks, in both verify modes. Any panic is a bug.
//!
//! Input layout: `jwks_bytes 0xFF token_bytes`. Without the separator, the input is the token and
//! a fixed valid JWKS is used, so the fuzzer reaches signature checking without having to invent
//! a JWKS first. (0xFF never occurs in UTF-8, so the split is unambiguous.)
#![no_main]

use better_auth_wasm::jwt::{verify, Jwks, Jws, TimeCheck, Validation, VerifyMode};
use libfuzzer_sys::fuzz_target;

const JWKS: &str = r#"{"keys":[{"alg":"EdDSA","crv":"Ed25519","x":"dBDkEJn4FrE8Ce5396-UnfkJF1ehnEpbhfKQXde-CHc","kty":"OKP","kid":"uzBAnfUhjzBUiJ9tpICxSrAaw8puaRDp"}]}"#;

fuzz_target!(|data: &[u8]| {
    let (jwks_bytes, token_bytes) = match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (
            data.get(..i).unwrap_or_default(),
            data.get(i + 1..).unwrap_or_default(),
        ),
        None => (JWKS.as_bytes(), data),
    };
    let jwks = Jwks::parse(jwks_bytes).unwrap_or_default();
    let Ok(token) = core::str::from_utf8(token_bytes) else {
        return;
    };
    let _ = Jws::parse(token);
    let v = Validation::new("http://127.0.0.1:3000");
    for time in [TimeCheck::At(1_795_685_400), TimeCheck::JustIssued] {
        let _ = verify(token, &jwks, &v, time);
        let t = Validation {
            mode: VerifyMode::TimingOnly,
            ..v.clone()
        };
        let _ = verify(token, &jwks, &t, time);
    }
});
