//! Better Auth's plugins, each turned on in the test server (www/server/auth.mjs with
//! DEV_MAILBOX=1), driven through the session funnel (`request`, the route table) in the browser.
//! Included by tests/browser.rs, whose helpers it uses: it runs in Chromium and Firefox.
#![allow(clippy::indexing_slicing)]

use super::*;

/// `request(undefined, path, body, query)`: the method from the route table.
async fn call(c: &Client, path: &str, body: JsValue) -> JsValue {
    wait(c.request(None, path.into(), body, JsValue::UNDEFINED)).await
}

async fn call_query(c: &Client, path: &str, query: JsValue) -> JsValue {
    wait(c.request(None, path.into(), JsValue::UNDEFINED, query)).await
}

/// `data` of a `{ data, error }` that must have succeeded.
fn ok(r: JsValue, what: &str) -> JsValue {
    assert!(
        get(&r, "error").is_null(),
        "{what} failed: {:?}",
        js_sys::JSON::stringify(&get(&r, "error")).ok()
    );
    get(&r, "data")
}

const PASSWORD: &str = "correct-horse-battery";

/// The claims the demo API verified in the JWT `c.fetch` attached.
async fn claims(c: &Client) -> JsValue {
    let r = call_api(c, "/api/claims").await;
    assert_eq!(r.status(), 200, "the API refused the token");
    get(&json(&r).await, "claims")
}

/// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of an `otpauth://` URI's base32 secret, through
/// WebCrypto: the test computes the code itself, as an authenticator app would.
async fn totp(uri: &str) -> String {
    let secret = uri
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("secret="))
        .expect("otpauth URI without a secret");
    let mut key = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in secret.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {secret}"),
        };
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            key.push((acc >> bits) as u8);
        }
    }
    let counter = (js_sys::Date::now() / 1000.0 / 30.0).floor() as u64;
    let subtle = Reflect::get(&Reflect::get(&js_sys::global(), &"crypto".into()).unwrap(), &"subtle".into()).unwrap();
    let method = |name: &str| -> js_sys::Function { Reflect::get(&subtle, &name.into()).unwrap().unchecked_into() };
    let algorithm = obj(&[("name", "HMAC".into()), ("hash", "SHA-1".into())]);
    let usages = js_sys::Array::of1(&"sign".into());
    let import = method("importKey").apply(
        &subtle,
        &js_sys::Array::of5(
            &"raw".into(),
            &js_sys::Uint8Array::from(&key[..]),
            &algorithm,
            &false.into(),
            &usages,
        ),
    );
    let crypto_key = wait(import.unwrap().unchecked_into()).await;
    let message = js_sys::Uint8Array::from(&counter.to_be_bytes()[..]);
    let sign = method("sign").call3(&subtle, &algorithm, &crypto_key, &message);
    let mac = js_sys::Uint8Array::new(&wait(sign.unwrap().unchecked_into()).await).to_vec();
    let offset = usize::from(mac[19] & 0x0f);
    let code = u32::from_be_bytes([mac[offset], mac[offset + 1], mac[offset + 2], mac[offset + 3]]) & 0x7fff_ffff;
    format!("{:06}", code % 1_000_000)
}

/// A user signed up with two-factor on (TOTP verified once): (email, totp URI, backup codes).
async fn two_factor_user(c: &Client) -> (String, String, Vec<String>) {
    let email = fresh_email("2fa");
    ok(sign_up(c, &email).await, "sign-up");
    let enabled = ok(call(c, "/two-factor/enable", obj(&[("password", PASSWORD.into())])).await, "enable");
    let uri = get_str(&enabled, "totpURI").expect("totpURI");
    let codes: Vec<String> = js_sys::Array::from(&get(&enabled, "backupCodes"))
        .iter()
        .filter_map(|c| c.as_string())
        .collect();
    assert!(!codes.is_empty(), "backup codes");
    let code = totp(&uri).await;
    ok(call(c, "/two-factor/verify-totp", obj(&[("code", code.as_str().into())])).await, "verify-totp (enabling)");
    wait(c.sign_out()).await;
    (email, uri, codes)
}

/// Signs in a user with two-factor on: the answer is the challenge, the callback is called, and
/// nothing reaches the token endpoint.
async fn challenged(c: &Client, email: &str, redirects: &std::rc::Rc<std::cell::Cell<u32>>) {
    let before = redirects.get();
    let r = ok(
        wait(c.sign_in_email(obj(&[("email", email.into()), ("password", PASSWORD.into())]))).await,
        "sign-in",
    );
    assert_eq!(get(&r, "twoFactorRedirect").as_bool(), Some(true), "{:?}", js_sys::JSON::stringify(&r).ok());
    assert_eq!(redirects.get(), before + 1, "onTwoFactorRedirect called once");
    assert_eq!(get_str(&c.get_state(), "status").as_deref(), Some("unauthenticated"));
    let no_token = wait(c.token()).await;
    assert_eq!(get_str(&no_token, "error.code").as_deref(), Some("NO_SESSION"));
}

#[wasm_bindgen_test]
async fn two_factor_totp_sign_in_mints_no_token_until_verified() {
    let _serial = serial().await;
    let (redirects, on_redirect) = counter();
    let c = client_with(&[("onTwoFactorRedirect", on_redirect.into())]);
    let (email, uri, _) = two_factor_user(&c).await;

    challenged(&c, &email, &redirects).await;
    // The API refuses to let the call leave: no session, no token.
    let url = format!("{}/api/claims", api_url());
    let refused = JsFuture::from(c.fetch(url.into(), JsValue::UNDEFINED)).await;
    assert_eq!(get_str(&refused.unwrap_err(), "code").as_deref(), Some("NO_SESSION"));

    let code = totp(&uri).await;
    let verified = ok(call(&c, "/two-factor/verify-totp", obj(&[("code", code.as_str().into())])).await, "verify-totp");
    assert_eq!(get_str(&verified, "user.email").as_deref(), Some(email.as_str()));
    // Resolved means signed in, with a token: the very next call carries it.
    assert_eq!(get_str(&c.get_state(), "status").as_deref(), Some("authenticated"));
    assert_eq!(get_str(&claims(&c).await, "email").as_deref(), Some(email.as_str()));
}

#[wasm_bindgen_test]
async fn two_factor_by_backup_code_by_mailed_otp_then_a_trusted_device() {
    let _serial = serial().await;
    let (redirects, on_redirect) = counter();
    let c = client_with(&[("onTwoFactorRedirect", on_redirect.into())]);
    let (email, _, codes) = two_factor_user(&c).await;
    let sign_in = || c.sign_in_email(obj(&[("email", email.as_str().into()), ("password", PASSWORD.into())]));

    // A backup code, once.
    challenged(&c, &email, &redirects).await;
    let code = codes[0].as_str();
    ok(call(&c, "/two-factor/verify-backup-code", obj(&[("code", code.into())])).await, "backup code");
    assert_eq!(get_str(&claims(&c).await, "email").as_deref(), Some(email.as_str()));
    wait(c.sign_out()).await;
    challenged(&c, &email, &redirects).await;
    let again = call(&c, "/two-factor/verify-backup-code", obj(&[("code", code.into())])).await;
    assert!(get(&again, "data").is_null(), "a used backup code is refused");
    assert!(get_str(&again, "error.code").is_some());
    assert_eq!(get_str(&c.get_state(), "status").as_deref(), Some("unauthenticated"));

    // A one-time code by mail, trusting this device.
    ok(call(&c, "/two-factor/send-otp", JsValue::UNDEFINED).await, "send-otp");
    let otp = mailed_token(&email, "two-factor-otp").await;
    let r = call(&c, "/two-factor/verify-otp", obj(&[("code", otp.as_str().into()), ("trustDevice", true.into())])).await;
    ok(r, "verify-otp");
    assert_eq!(get_str(&claims(&c).await, "email").as_deref(), Some(email.as_str()));
    wait(c.sign_out()).await;

    // The device is trusted: the next sign-in asks no second factor.
    let r = ok(wait(sign_in()).await, "trusted sign-in");
    assert!(get(&r, "twoFactorRedirect").is_undefined(), "{:?}", js_sys::JSON::stringify(&r).ok());
    assert_eq!(get_str(&claims(&c).await, "email").as_deref(), Some(email.as_str()));
    assert_eq!(redirects.get(), 2);
}

/// `c`'s state's user id.
fn state_user(c: &Client) -> Option<String> {
    get_str(&c.get_state(), "user.id")
}

/// Lets the other "tabs" of this page (clients on one BroadcastChannel) hear what a call said:
/// in separate tabs the message is delivered long before anyone there acts on the news.
async fn delivered() {
    sleep(20).await;
}

#[wasm_bindgen_test]
async fn organization_set_active_reaches_the_next_call_in_every_tab() {
    let _serial = serial().await;
    let a = client();
    let b = client();
    let email = fresh_email("org");
    ok(sign_up(&a, &email).await, "sign-up");
    authenticated(&b).await;
    let n = js_sys::Date::now() as u64;
    let mut orgs = Vec::new();
    for name in ["one", "two"] {
        let slug = format!("{name}-{n}");
        let body = obj(&[("name", name.into()), ("slug", slug.as_str().into())]);
        let org = ok(call(&a, "/organization/create", body).await, "create");
        orgs.push(get_str(&org, "id").expect("organization id"));
    }
    for _ in 0..2 {
        for org in &orgs {
            ok(call(&a, "/organization/set-active", obj(&[("organizationId", org.as_str().into())])).await, "set-active");
            assert_eq!(get_str(&claims(&a).await, "activeOrganizationId").as_ref(), Some(org), "this tab");
            delivered().await;
            assert_eq!(get_str(&claims(&b).await, "activeOrganizationId").as_ref(), Some(org), "the other tab");
        }
    }
    let members = ok(call_query(&a, "/organization/list-members", obj(&[("organizationId", orgs[1].as_str().into())])).await, "list-members");
    assert_eq!(get(&members, "total").as_f64(), Some(1.0), "{:?}", js_sys::JSON::stringify(&members).ok());

    // Invite someone by mail; they accept in their own session, and their JWT names the
    // organization they joined.
    let invitee = fresh_email("invitee");
    let body = obj(&[("email", invitee.as_str().into()), ("role", "member".into()), ("organizationId", orgs[1].as_str().into())]);
    let invitation = ok(call(&a, "/organization/invite-member", body).await, "invite-member");
    let invitation_id = get_str(&invitation, "id").expect("invitation id");
    let mailed = mailed_token(&invitee, "organization-invitation").await;
    assert_eq!(mailed, invitation_id);
    wait(a.sign_out()).await;
    ok(sign_up(&a, &invitee).await, "invitee sign-up");
    ok(call(&a, "/organization/accept-invitation", obj(&[("invitationId", invitation_id.as_str().into())])).await, "accept");
    assert_eq!(get_str(&claims(&a).await, "activeOrganizationId").as_ref(), Some(&orgs[1]));
    let members = ok(call_query(&a, "/organization/list-members", obj(&[("organizationId", orgs[1].as_str().into())])).await, "list-members");
    assert_eq!(get(&members, "total").as_f64(), Some(2.0));
    wait(a.sign_out()).await;
}

#[wasm_bindgen_test]
async fn admin_impersonation_switches_the_identity_of_the_next_call_and_back() {
    let _serial = serial().await;
    let a = client();
    let b = client();
    let (_, target_id) = signed_up(&a, "impersonated").await;
    wait(a.sign_out()).await;
    // The test server makes `admin+...` users admins (development only).
    let admin = fresh_email("admin");
    ok(sign_up(&a, &admin).await, "admin sign-up");
    authenticated(&b).await;
    let admin_id = state_user(&a).expect("admin id");
    assert_eq!(get_str(&claims(&a).await, "role").as_deref(), Some("admin"));

    ok(call(&a, "/admin/impersonate-user", obj(&[("userId", target_id.as_str().into())])).await, "impersonate");
    assert_eq!(state_user(&a).as_ref(), Some(&target_id));
    let c = claims(&a).await;
    assert_eq!(get_str(&c, "sub").as_ref(), Some(&target_id));
    assert_eq!(get_str(&c, "impersonatedBy").as_ref(), Some(&admin_id));
    delivered().await;
    assert_eq!(get_str(&claims(&b).await, "sub").as_ref(), Some(&target_id), "the other tab");

    ok(call(&a, "/admin/stop-impersonating", JsValue::UNDEFINED).await, "stop");
    assert_eq!(state_user(&a).as_ref(), Some(&admin_id));
    let c = claims(&a).await;
    assert_eq!(get_str(&c, "sub").as_ref(), Some(&admin_id));
    assert!(get(&c, "impersonatedBy").is_null());
    delivered().await;
    assert_eq!(get_str(&claims(&b).await, "sub").as_ref(), Some(&admin_id), "the other tab");
    wait(a.sign_out()).await;
}

#[wasm_bindgen_test]
async fn multi_session_list_switch_and_revoke() {
    let _serial = serial().await;
    let a = client();
    let (first_token, first_id) = signed_up(&a, "multi1").await;
    // A second user signs in in the same browser: both sessions stay, the second is active.
    let (_, second_id) = signed_up(&a, "multi2").await;
    assert_eq!(get_str(&claims(&a).await, "sub").as_ref(), Some(&second_id));
    let list = ok(call(&a, "/multi-session/list-device-sessions", JsValue::UNDEFINED).await, "list");
    let users: Vec<String> = js_sys::Array::from(&list).iter().filter_map(|s| get_str(&s, "user.id")).collect();
    assert!(users.contains(&first_id) && users.contains(&second_id), "{users:?}");

    ok(call(&a, "/multi-session/set-active", obj(&[("sessionToken", first_token.as_str().into())])).await, "set-active");
    assert_eq!(state_user(&a).as_ref(), Some(&first_id));
    assert_eq!(get_str(&claims(&a).await, "sub").as_ref(), Some(&first_id));

    // Revoking the active session leaves the other one active, or none.
    ok(call(&a, "/multi-session/revoke", obj(&[("sessionToken", first_token.as_str().into())])).await, "revoke");
    let after = state_user(&a);
    assert_ne!(after.as_ref(), Some(&first_id));
    if let Some(id) = after {
        assert_eq!(get_str(&claims(&a).await, "sub"), Some(id));
    }
    wait(a.sign_out()).await;
}

#[wasm_bindgen_test]
async fn identity_and_claims_follow_update_user_and_change_email() {
    let _serial = serial().await;
    let a = client();
    let b = client();
    signed_up(&a, "update").await;
    authenticated(&b).await;
    ok(call(&a, "/update-user", obj(&[("name", "Renamed".into())])).await, "update-user");
    assert_eq!(get_str(&claims(&a).await, "name").as_deref(), Some("Renamed"));
    delivered().await;
    assert_eq!(get_str(&claims(&b).await, "name").as_deref(), Some("Renamed"));
    assert_eq!(get_str(&b.get_state(), "user.name").as_deref(), Some("Renamed"));

    let new_email = fresh_email("changed");
    let r = call(&a, "/change-email", obj(&[("newEmail", new_email.as_str().into())])).await;
    ok(r, "change-email");
    assert_eq!(get_str(&claims(&a).await, "email").as_ref(), Some(&new_email));
    delivered().await;
    assert_eq!(get_str(&claims(&b).await, "email").as_ref(), Some(&new_email));
    wait(a.sign_out()).await;
}
