//! Fuzzes the whole untrusted-input path: JWKS parsing, token parsing, header policy, key
//! selection (kid, alg, kty, crv, RSA size), signature format and Ed25519 checks, and the claims
//! after either verdict of WebCrypto for the other algorithms, in both verify modes. Any panic is
//! a bug.
//!
//! Input layout: `jwks_bytes 0xFF token_bytes`. Without the separator, the input is the token and
//! a fixed valid JWKS is used (Better Auth keys of all five algorithms), so the fuzzer reaches
//! key selection and signature checking without having to invent a JWKS first. (0xFF never occurs in UTF-8, so the split is unambiguous.)
#![no_main]

use better_auth_wasm::jwt::{begin, verify, Jwks, Jws, TimeCheck, Validation, Verification, VerifyMode};
use libfuzzer_sys::fuzz_target;

const JWKS: &str = r#"{"keys":[{"alg":"EdDSA","crv":"Ed25519","x":"dBDkEJn4FrE8Ce5396-UnfkJF1ehnEpbhfKQXde-CHc","kty":"OKP","kid":"uzBAnfUhjzBUiJ9tpICxSrAaw8puaRDp"},{"alg":"ES256","crv":"P-256","kty":"EC","x":"8KTinujQL8I5I90udBJQInKeSjYB7v_iediMYysqHvc","y":"00wLoQ54fZPBX9GroPDvPlt-WjvFZkRRPeQWk90Crkw","kid":"ZDbnkT0oNJuDoADmbYQU1QxvaYhzLWsr"},{"alg":"ES512","crv":"P-521","kty":"EC","x":"ALcYmTyPCbSxWfqakoA5jBDdzXeMkmyZxvBw8htbyKLu4KzddAmnVliGzAXKWMRfMhxZ6JKsM_sdU4EwII9GcwEq","y":"AZ7uwx7E1umiWQaYAVjwYKPZS72vlPZUPGituvytNn78n4PE1bkH1sPacylceXQzZBTBedS8yh6CBY9Tm1MeGV3x","kid":"G2eewGMgRbmxNFZdcaZVHFUYBHXIP0W9"},{"alg":"RS256","kty":"RSA","n":"3VS70l8IAolBP6jUQRkShmNDb75PeLMi6PiMzC2K8jVZwwwunYYmtfm6qvwvkVh2oUG6S-VmDHZT_QvHRQlKVFJXww8b5GV7qtd6zYr1BXnyfPNCbItpjzRiVY5XtNDmPPEzPVPMBOx_nhkUj6i3dq41hF2f3hk083i8ok23vH0dmG1881ZFvZsjB7-M62GmQwYCmJEB3bDsHGyAfcK0AJj9f9ti960rnrKHJrOfwL-wXiOPNGndpFioMlmN4vgCMXjzr7K0DwRucH_lLpcQ9pEb3Faj8vf9ji3ve_R8KcsGw-oHMdSxCpQmhuEefYQf6oM9QUoHOuQ4xiWs3oFZgw","e":"AQAB","kid":"SYKG2nQzqAp5PvCrCfkoAQuoinJedYL2"},{"alg":"PS256","kty":"RSA","n":"3W1tT3qxPtLtUrXT_KQS1bz2IA0b14SqnPAOw01b15c6dWq24jm9o45RgCZWlINkZ4SJU8TbAvY3VixNzL-DhQKXt8DvNnf9KRjklmpGsLm7sY9fnGfiR_NPl88IopU3WmePJOoCR69dGaoBoRjTLEkxhuoNSKOrwSwe-Xw58dJ6GKP_SHdI5UT0qB6wV1Q--L6mkOK-ruDvf3oW_FgyOO1wp-QOGY19thNclyD4cT0qd9cxcxcsZOkRQSpqooBlwz0exrrUOVLpMTcZW9OT90byDhZy_m8iiuf8cyi8AbvW6bS-EAM0wfpesJ5C8iZ5wioDxSGb13iNSYgC4G_q7Q","e":"AQAB","kid":"aaOMx0BCSMd4iyEIDIJP5aqUtfYnvhEN"}]}"#;

fuzz_target!(|data: &[u8]| {
    let (jwks_bytes, token_bytes) = match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (
            data.get(..i).unwrap_or_default(),
            data.get(i + 1..).unwrap_or_default(),
        ),
        None => (JWKS.as_bytes(), data),
    };
    // The crate's JSON reader in its lax mode (server answers); what it reads, written back,
    // reads as the same value.
    if let Some(value) = better_auth_wasm::json::parse_value(data) {
        let again = better_auth_wasm::json::parse_value(value.to_json().as_bytes());
        assert_eq!(again.as_ref(), Some(&value));
    }
    let jwks = Jwks::parse(jwks_bytes).unwrap_or_default();
    let Ok(token) = core::str::from_utf8(token_bytes) else {
        return;
    };
    let _ = Jws::parse(token);
    let v = Validation::new("http://127.0.0.1:3000");
    for time in [TimeCheck::At(1_795_685_400), TimeCheck::JustIssued] {
        let _ = verify(token, &jwks, &v, time);
        // What the browser layer does next, with either verdict of WebCrypto.
        if let Ok(Verification::Pending(p)) = begin(token, &jwks, &v, time) {
            let _ = p.key_jwk.len() + p.signing_input.len();
            let _ = p.clone().finish(false);
            let _ = p.finish(true);
        }
        let t = Validation {
            mode: VerifyMode::TimingOnly,
            ..v.clone()
        };
        let _ = verify(token, &jwks, &t, time);
    }
});
