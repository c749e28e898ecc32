//! Passkeys where the browser tier runs (Chromium and Firefox, a page on 127.0.0.1): what the
//! client answers before and around the ceremony. The ceremonies themselves, with virtual
//! authenticators, are in tests/passkey/ (a localhost stack, since WebAuthn refuses IP addresses).
//! Included by tests/browser.rs, whose helpers it uses.

use super::*;

fn error_code(r: &JsValue) -> Option<String> {
    get_str(r, "error.code")
}

/// `passkey(create, query, body, autoFill, extensions)`, as the package's `addPasskey` and
/// `signIn.passkey` call it.
async fn ceremony(c: &Client, create: bool, auto_fill: bool) -> JsValue {
    wait(c.passkey(
        create,
        JsValue::UNDEFINED,
        obj(&[]),
        auto_fill,
        JsValue::UNDEFINED,
    ))
    .await
}

#[wasm_bindgen_test]
async fn a_page_on_an_ip_address_is_told_why_passkeys_cannot_work() {
    // Serial with the test that hides PublicKeyCredential.
    let _serial = serial().await;
    let c = client();
    sign_up(&c, &fresh_email("pk-ip")).await;
    // The real server names its host (127.0.0.1) as the relying party; the browser would refuse
    // it with a bare SecurityError. The client says why, naming the host, before asking.
    for create in [true, false] {
        let r = ceremony(&c, create, false).await;
        assert_eq!(
            error_code(&r).as_deref(),
            Some("PASSKEY_RP_ID_MISMATCH"),
            "{create}"
        );
        let message = get_str(&r, "error.message").unwrap();
        assert!(
            message.contains("\"127.0.0.1\"") && message.contains("IP address"),
            "{message}"
        );
    }
    // Nothing changed: still signed in.
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("authenticated")
    );
}

#[wasm_bindgen_test]
async fn autofill_without_its_field_is_a_config_error() {
    let _serial = serial().await;
    let c = client();
    // The test page has no <input autocomplete="username webauthn">: the browser would never
    // offer the passkey. Headless Chromium and Firefox both have the conditional UI, so the
    // field is what is missing; a browser without it answers PASSKEY_AUTOFILL_UNSUPPORTED.
    let r = ceremony(&c, false, true).await;
    let code = error_code(&r);
    assert!(
        matches!(
            code.as_deref(),
            Some("INVALID_CONFIG" | "PASSKEY_AUTOFILL_UNSUPPORTED")
        ),
        "{code:?}"
    );
    if code.as_deref() == Some("INVALID_CONFIG") {
        let message = get_str(&r, "error.message").unwrap();
        assert!(
            message.contains("autocomplete=\"username webauthn\""),
            "{message}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_browser_without_webauthn_gets_passkey_unsupported() {
    let _serial = serial().await;
    let window = js_sys::global();
    let key: JsValue = "PublicKeyCredential".into();
    let saved = Reflect::get(&window, &key).unwrap();
    // What an older browser (or an embedded web view) looks like.
    Reflect::delete_property(&window, &key).unwrap();
    let c = client();
    let r = ceremony(&c, false, false).await;
    let added = ceremony(&c, true, false).await;
    Reflect::set(&window, &key, &saved).unwrap();
    assert_eq!(error_code(&r).as_deref(), Some("PASSKEY_UNSUPPORTED"));
    assert_eq!(error_code(&added).as_deref(), Some("PASSKEY_UNSUPPORTED"));
    assert!(get_str(&r, "error.message").unwrap().contains("WebAuthn"));
}

#[wasm_bindgen_test]
async fn bad_extensions_are_refused_before_anything_is_sent() {
    let c = client();
    let r = wait(c.passkey(
        false,
        JsValue::UNDEFINED,
        obj(&[]),
        false,
        "credProps".into(),
    ))
    .await;
    assert_eq!(error_code(&r).as_deref(), Some("INVALID_CONFIG"));
}
