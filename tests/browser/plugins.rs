//! Better Auth's plugins, each turned on in the test server (www/server/auth.mjs with
//! DEV_MAILBOX=1), driven through the session funnel (`request`, the route table) in the browser.
//! Included by tests/browser.rs, whose helpers it uses: it runs in Chromium and Firefox.
#![allow(clippy::indexing_slicing)]

use super::*;

/// `request(undefined, path, body, query)`: the method from the route table.
async fn call(c: &Client, path: &str, body: JsValue) -> JsValue {
    result(c.request(JsValue::UNDEFINED, path.into(), body, JsValue::UNDEFINED)).await
}

async fn call_query(c: &Client, path: &str, query: JsValue) -> JsValue {
    result(c.request(JsValue::UNDEFINED, path.into(), JsValue::UNDEFINED, query)).await
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
    let subtle = Reflect::get(
        &Reflect::get(&js_sys::global(), &"crypto".into()).unwrap(),
        &"subtle".into(),
    )
    .unwrap();
    let method = |name: &str| -> js_sys::Function {
        Reflect::get(&subtle, &name.into())
            .unwrap()
            .unchecked_into()
    };
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
    let code = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff;
    format!("{:06}", code % 1_000_000)
}

/// A user signed up with two-factor on (TOTP verified once): (email, totp URI, backup codes).
async fn two_factor_user(c: &Client) -> (String, String, Vec<String>) {
    let email = fresh_email("2fa");
    ok(sign_up(c, &email).await, "sign-up");
    let enabled = ok(
        call(
            c,
            "/two-factor/enable",
            obj(&[("password", PASSWORD.into())]),
        )
        .await,
        "enable",
    );
    let uri = get_str(&enabled, "totpURI").expect("totpURI");
    let codes: Vec<String> = js_sys::Array::from(&get(&enabled, "backupCodes"))
        .iter()
        .filter_map(|c| c.as_string())
        .collect();
    assert!(!codes.is_empty(), "backup codes");
    let code = totp(&uri).await;
    ok(
        call(
            c,
            "/two-factor/verify-totp",
            obj(&[("code", code.as_str().into())]),
        )
        .await,
        "verify-totp (enabling)",
    );
    result(c.sign_out()).await;
    (email, uri, codes)
}

/// Signs in a user with two-factor on: the answer is the challenge, the callback is called, and
/// nothing reaches the token endpoint.
async fn challenged(c: &Client, email: &str, redirects: &std::rc::Rc<std::cell::Cell<u32>>) {
    let before = redirects.get();
    let r = ok(
        result(c.sign_in_email(obj(&[
            ("email", email.into()),
            ("password", PASSWORD.into()),
        ])))
        .await,
        "sign-in",
    );
    assert_eq!(
        get(&r, "twoFactorRedirect").as_bool(),
        Some(true),
        "{:?}",
        js_sys::JSON::stringify(&r).ok()
    );
    assert_eq!(
        redirects.get(),
        before + 1,
        "onTwoFactorRedirect called once"
    );
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated")
    );
    let no_token = result(c.token()).await;
    assert_eq!(
        get_str(&no_token, "error.code").as_deref(),
        Some("NO_SESSION")
    );
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
    assert_eq!(
        get_str(&refused.unwrap_err(), "code").as_deref(),
        Some("NO_SESSION")
    );

    let code = totp(&uri).await;
    let verified = ok(
        call(
            &c,
            "/two-factor/verify-totp",
            obj(&[("code", code.as_str().into())]),
        )
        .await,
        "verify-totp",
    );
    assert_eq!(
        get_str(&verified, "user.email").as_deref(),
        Some(email.as_str())
    );
    // Resolved means signed in, with a token: the very next call carries it.
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("authenticated")
    );
    assert_eq!(
        get_str(&claims(&c).await, "email").as_deref(),
        Some(email.as_str())
    );
}

#[wasm_bindgen_test]
async fn two_factor_by_backup_code_by_mailed_otp_then_a_trusted_device() {
    let _serial = serial().await;
    let (redirects, on_redirect) = counter();
    let c = client_with(&[("onTwoFactorRedirect", on_redirect.into())]);
    let (email, _, codes) = two_factor_user(&c).await;
    let sign_in = || {
        c.sign_in_email(obj(&[
            ("email", email.as_str().into()),
            ("password", PASSWORD.into()),
        ]))
    };

    // A backup code, once.
    challenged(&c, &email, &redirects).await;
    let code = codes[0].as_str();
    ok(
        call(
            &c,
            "/two-factor/verify-backup-code",
            obj(&[("code", code.into())]),
        )
        .await,
        "backup code",
    );
    assert_eq!(
        get_str(&claims(&c).await, "email").as_deref(),
        Some(email.as_str())
    );
    result(c.sign_out()).await;
    challenged(&c, &email, &redirects).await;
    let again = call(
        &c,
        "/two-factor/verify-backup-code",
        obj(&[("code", code.into())]),
    )
    .await;
    assert!(
        get(&again, "data").is_null(),
        "a used backup code is refused"
    );
    assert!(get_str(&again, "error.code").is_some());
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated")
    );

    // A one-time code by mail, trusting this device.
    ok(
        call(&c, "/two-factor/send-otp", JsValue::UNDEFINED).await,
        "send-otp",
    );
    let otp = mailed_token(&email, "two-factor-otp").await;
    let r = call(
        &c,
        "/two-factor/verify-otp",
        obj(&[("code", otp.as_str().into()), ("trustDevice", true.into())]),
    )
    .await;
    ok(r, "verify-otp");
    assert_eq!(
        get_str(&claims(&c).await, "email").as_deref(),
        Some(email.as_str())
    );
    result(c.sign_out()).await;

    // The device is trusted: the next sign-in asks no second factor.
    let r = ok(result(sign_in()).await, "trusted sign-in");
    assert!(
        get(&r, "twoFactorRedirect").is_undefined(),
        "{:?}",
        js_sys::JSON::stringify(&r).ok()
    );
    assert_eq!(
        get_str(&claims(&c).await, "email").as_deref(),
        Some(email.as_str())
    );
    assert_eq!(redirects.get(), 2);
}

/// `c`'s state's user id.
fn state_user(c: &Client) -> Option<String> {
    get_str(&c.get_state(), "user.id")
}

/// Waits (5 s at most) for the client's state to show `value` at `path`.
async fn shows(c: &Client, path: &str, value: &str) {
    for _ in 0..100 {
        if get_str(&c.get_state(), path).as_deref() == Some(value) {
            return;
        }
        sleep(50).await;
    }
    panic!("{path} is not {value}: {:?}", c.get_state());
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
            ok(
                call(
                    &a,
                    "/organization/set-active",
                    obj(&[("organizationId", org.as_str().into())]),
                )
                .await,
                "set-active",
            );
            assert_eq!(
                get_str(&claims(&a).await, "activeOrganizationId").as_ref(),
                Some(org),
                "this tab"
            );
            delivered().await;
            assert_eq!(
                get_str(&claims(&b).await, "activeOrganizationId").as_ref(),
                Some(org),
                "the other tab"
            );
        }
    }
    let members = ok(
        call_query(
            &a,
            "/organization/list-members",
            obj(&[("organizationId", orgs[1].as_str().into())]),
        )
        .await,
        "list-members",
    );
    assert_eq!(
        get(&members, "total").as_f64(),
        Some(1.0),
        "{:?}",
        js_sys::JSON::stringify(&members).ok()
    );

    // Invite someone by mail; they accept in their own session, and their JWT names the
    // organization they joined.
    let invitee = fresh_email("invitee");
    let body = obj(&[
        ("email", invitee.as_str().into()),
        ("role", "member".into()),
        ("organizationId", orgs[1].as_str().into()),
    ]);
    let invitation = ok(
        call(&a, "/organization/invite-member", body).await,
        "invite-member",
    );
    let invitation_id = get_str(&invitation, "id").expect("invitation id");
    let mailed = mailed_token(&invitee, "organization-invitation").await;
    assert_eq!(mailed, invitation_id);
    result(a.sign_out()).await;
    ok(sign_up(&a, &invitee).await, "invitee sign-up");
    ok(
        call(
            &a,
            "/organization/accept-invitation",
            obj(&[("invitationId", invitation_id.as_str().into())]),
        )
        .await,
        "accept",
    );
    assert_eq!(
        get_str(&claims(&a).await, "activeOrganizationId").as_ref(),
        Some(&orgs[1])
    );
    let members = ok(
        call_query(
            &a,
            "/organization/list-members",
            obj(&[("organizationId", orgs[1].as_str().into())]),
        )
        .await,
        "list-members",
    );
    assert_eq!(get(&members, "total").as_f64(), Some(2.0));
    result(a.sign_out()).await;
}

#[wasm_bindgen_test]
async fn admin_impersonation_switches_the_identity_of_the_next_call_and_back() {
    let _serial = serial().await;
    let a = client();
    let b = client();
    let (_, target_id) = signed_up(&a, "impersonated").await;
    result(a.sign_out()).await;
    // The test server makes `admin+...` users admins (development only).
    let admin = fresh_email("admin");
    ok(sign_up(&a, &admin).await, "admin sign-up");
    authenticated(&b).await;
    let admin_id = state_user(&a).expect("admin id");
    assert_eq!(get_str(&claims(&a).await, "role").as_deref(), Some("admin"));

    ok(
        call(
            &a,
            "/admin/impersonate-user",
            obj(&[("userId", target_id.as_str().into())]),
        )
        .await,
        "impersonate",
    );
    assert_eq!(state_user(&a).as_ref(), Some(&target_id));
    let c = claims(&a).await;
    assert_eq!(get_str(&c, "sub").as_ref(), Some(&target_id));
    assert_eq!(get_str(&c, "impersonatedBy").as_ref(), Some(&admin_id));
    delivered().await;
    assert_eq!(
        get_str(&claims(&b).await, "sub").as_ref(),
        Some(&target_id),
        "the other tab"
    );

    ok(
        call(&a, "/admin/stop-impersonating", JsValue::UNDEFINED).await,
        "stop",
    );
    assert_eq!(state_user(&a).as_ref(), Some(&admin_id));
    let c = claims(&a).await;
    assert_eq!(get_str(&c, "sub").as_ref(), Some(&admin_id));
    assert!(get(&c, "impersonatedBy").is_null());
    delivered().await;
    assert_eq!(
        get_str(&claims(&b).await, "sub").as_ref(),
        Some(&admin_id),
        "the other tab"
    );
    result(a.sign_out()).await;
}

#[wasm_bindgen_test]
async fn multi_session_list_switch_and_revoke() {
    let _serial = serial().await;
    let a = client();
    let (first_token, first_id) = signed_up(&a, "multi1").await;
    // A second user signs in in the same browser: both sessions stay, the second is active.
    let (_, second_id) = signed_up(&a, "multi2").await;
    assert_eq!(get_str(&claims(&a).await, "sub").as_ref(), Some(&second_id));
    let list = ok(
        call(
            &a,
            "/multi-session/list-device-sessions",
            JsValue::UNDEFINED,
        )
        .await,
        "list",
    );
    let users: Vec<String> = js_sys::Array::from(&list)
        .iter()
        .filter_map(|s| get_str(&s, "user.id"))
        .collect();
    assert!(
        users.contains(&first_id) && users.contains(&second_id),
        "{users:?}"
    );

    ok(
        call(
            &a,
            "/multi-session/set-active",
            obj(&[("sessionToken", first_token.as_str().into())]),
        )
        .await,
        "set-active",
    );
    assert_eq!(state_user(&a).as_ref(), Some(&first_id));
    assert_eq!(get_str(&claims(&a).await, "sub").as_ref(), Some(&first_id));

    // Revoking the active session leaves the other one active, or none.
    ok(
        call(
            &a,
            "/multi-session/revoke",
            obj(&[("sessionToken", first_token.as_str().into())]),
        )
        .await,
        "revoke",
    );
    let after = state_user(&a);
    assert_ne!(after.as_ref(), Some(&first_id));
    if let Some(id) = after {
        assert_eq!(get_str(&claims(&a).await, "sub"), Some(id));
    }
    result(a.sign_out()).await;
}

#[wasm_bindgen_test]
async fn identity_and_claims_follow_update_user_and_change_email() {
    let _serial = serial().await;
    let a = client();
    let b = client();
    signed_up(&a, "update").await;
    authenticated(&b).await;
    ok(
        call(&a, "/update-user", obj(&[("name", "Renamed".into())])).await,
        "update-user",
    );
    assert_eq!(
        get_str(&claims(&a).await, "name").as_deref(),
        Some("Renamed")
    );
    delivered().await;
    assert_eq!(
        get_str(&claims(&b).await, "name").as_deref(),
        Some("Renamed")
    );
    // The other tab's state follows its own load of the session, which may still be on its way
    // (two requests when the server defers the refresh to `POST /get-session`).
    shows(&b, "user.name", "Renamed").await;

    let new_email = fresh_email("changed");
    let r = call(
        &a,
        "/change-email",
        obj(&[("newEmail", new_email.as_str().into())]),
    )
    .await;
    ok(r, "change-email");
    assert_eq!(
        get_str(&claims(&a).await, "email").as_ref(),
        Some(&new_email)
    );
    delivered().await;
    assert_eq!(
        get_str(&claims(&b).await, "email").as_ref(),
        Some(&new_email)
    );
    result(a.sign_out()).await;
}

/// The code of the newest SMS of `kind` the development SMS sink holds for `phone`.
async fn texted_code(phone: &str, kind: &str) -> String {
    let url = format!(
        "{}/__sms?to={}",
        auth_url(),
        js_sys::encode_uri_component(phone)
    );
    let texts: js_sys::Array = plain_json("GET", &url, None).await.unchecked_into();
    texts
        .iter()
        .rfind(|m| get_str(m, "kind").as_deref() == Some(kind))
        .and_then(|m| get_str(&m, "code"))
        .unwrap_or_else(|| panic!("no {kind} text for {phone}"))
}

/// After a sign-in by any route: signed in as `email`, and the very next call carries its JWT.
async fn signed_in_as(c: &Client, email: &str) {
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("authenticated")
    );
    assert_eq!(
        get_str(&c.get_state(), "user.email").as_deref(),
        Some(email)
    );
    assert_eq!(get_str(&claims(c).await, "email").as_deref(), Some(email));
}

#[wasm_bindgen_test]
async fn username_sign_in() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("username");
    let name = format!("user_{}", (js_sys::Math::random() * 1e9) as u64);
    let body = obj(&[
        ("name", "U".into()),
        ("email", email.as_str().into()),
        ("password", PASSWORD.into()),
        ("username", name.as_str().into()),
    ]);
    ok(
        result(c.sign_up_email(body)).await,
        "sign-up with a username",
    );
    let taken = ok(
        call(
            &c,
            "/is-username-available",
            obj(&[("username", name.as_str().into())]),
        )
        .await,
        "available?",
    );
    assert_eq!(get(&taken, "available").as_bool(), Some(false));
    result(c.sign_out()).await;
    let r = call(
        &c,
        "/sign-in/username",
        obj(&[
            ("username", name.as_str().into()),
            ("password", PASSWORD.into()),
        ]),
    )
    .await;
    ok(r, "sign-in/username");
    signed_in_as(&c, &email).await;
    result(c.sign_out()).await;
}

#[wasm_bindgen_test]
async fn anonymous_sign_in_then_linked_by_a_real_sign_up() {
    let _serial = serial().await;
    let c = client();
    let r = ok(
        call(&c, "/sign-in/anonymous", JsValue::UNDEFINED).await,
        "sign-in/anonymous",
    );
    let anonymous_id = get_str(&r, "user.id").expect("anonymous user");
    assert_eq!(
        get_str(&claims(&c).await, "sub").as_ref(),
        Some(&anonymous_id)
    );
    // A real sign-up while anonymous: a new user, the anonymous one linked and removed.
    let email = fresh_email("linked");
    ok(sign_up(&c, &email).await, "sign-up");
    signed_in_as(&c, &email).await;
    assert_ne!(get_str(&claims(&c).await, "sub"), Some(anonymous_id));
    result(c.sign_out()).await;
}

#[wasm_bindgen_test]
async fn magic_link_sign_in_through_the_mailbox() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("magic");
    ok(sign_up(&c, &email).await, "sign-up");
    result(c.sign_out()).await;
    let sent = ok(
        call(
            &c,
            "/sign-in/magic-link",
            obj(&[("email", email.as_str().into())]),
        )
        .await,
        "sign-in/magic-link",
    );
    assert_eq!(get(&sent, "status").as_bool(), Some(true));
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated"),
        "nothing before the link"
    );
    let token = mailed_token(&email, "magic-link").await;
    ok(
        call_query(
            &c,
            "/magic-link/verify",
            obj(&[("token", token.as_str().into())]),
        )
        .await,
        "magic-link/verify",
    );
    signed_in_as(&c, &email).await;
    result(c.sign_out()).await;
    // A link works once.
    let again = call_query(
        &c,
        "/magic-link/verify",
        obj(&[("token", token.as_str().into())]),
    )
    .await;
    assert!(get(&again, "data").is_null() || get(&again, "data.token").is_undefined());
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated")
    );
}

#[wasm_bindgen_test]
async fn email_otp_sign_in_through_the_mailbox() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("emailotp");
    ok(sign_up(&c, &email).await, "sign-up");
    result(c.sign_out()).await;
    let body = obj(&[("email", email.as_str().into()), ("type", "sign-in".into())]);
    ok(
        call(&c, "/email-otp/send-verification-otp", body).await,
        "send-verification-otp",
    );
    let otp = mailed_token(&email, "email-otp-sign-in").await;
    let wrong = call(
        &c,
        "/sign-in/email-otp",
        obj(&[("email", email.as_str().into()), ("otp", "000000".into())]),
    )
    .await;
    if otp != "000000" {
        assert!(
            get_str(&wrong, "error.code").is_some(),
            "a wrong code is refused"
        );
        assert_eq!(
            get_str(&c.get_state(), "status").as_deref(),
            Some("unauthenticated")
        );
    }
    ok(
        call(
            &c,
            "/sign-in/email-otp",
            obj(&[
                ("email", email.as_str().into()),
                ("otp", otp.as_str().into()),
            ]),
        )
        .await,
        "sign-in/email-otp",
    );
    signed_in_as(&c, &email).await;
    result(c.sign_out()).await;
}

#[wasm_bindgen_test]
async fn phone_number_sign_in_through_the_sms_sink() {
    let _serial = serial().await;
    let c = client();
    let phone = format!("+1555{:07}", (js_sys::Math::random() * 1e7) as u64);
    ok(
        call(
            &c,
            "/phone-number/send-otp",
            obj(&[("phoneNumber", phone.as_str().into())]),
        )
        .await,
        "send-otp",
    );
    let code = texted_code(&phone, "phone-otp").await;
    let r = ok(
        call(
            &c,
            "/phone-number/verify",
            obj(&[
                ("phoneNumber", phone.as_str().into()),
                ("code", code.as_str().into()),
            ]),
        )
        .await,
        "verify",
    );
    let _ = r;
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("authenticated")
    );
    assert_eq!(
        get_str(&c.get_state(), "user.phoneNumber").as_ref(),
        Some(&phone)
    );
    assert_eq!(
        get_str(&claims(&c).await, "phoneNumber").as_ref(),
        Some(&phone)
    );
    result(c.sign_out()).await;
}

#[wasm_bindgen_test]
async fn one_time_token_signs_in_another_context() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("ott");
    ok(sign_up(&c, &email).await, "sign-up");
    let generated = ok(
        call(&c, "/one-time-token/generate", JsValue::UNDEFINED).await,
        "generate",
    );
    let token = get_str(&generated, "token").expect("one-time token");
    // Another user signs in in this browser (the first session stays alive on the server, as it
    // would in the context that generated the token); the token brings the first user back.
    signed_up(&c, "ott-other").await;
    ok(
        call(
            &c,
            "/one-time-token/verify",
            obj(&[("token", token.as_str().into())]),
        )
        .await,
        "verify",
    );
    signed_in_as(&c, &email).await;
    let again = call(
        &c,
        "/one-time-token/verify",
        obj(&[("token", token.as_str().into())]),
    )
    .await;
    assert!(get_str(&again, "error.code").is_some(), "once only");
    result(c.sign_out()).await;
}

#[wasm_bindgen_test]
async fn core_account_endpoints() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("core");
    ok(sign_up(&c, &email).await, "sign-up");
    let accounts = ok(
        call(&c, "/list-accounts", JsValue::UNDEFINED).await,
        "list-accounts",
    );
    let accounts = js_sys::Array::from(&accounts);
    assert_eq!(accounts.length(), 1);
    assert_eq!(
        get_str(&accounts.get(0), "providerId").as_deref(),
        Some("credential")
    );
    let ok_pw = ok(
        call(
            &c,
            "/verify-password",
            obj(&[("password", PASSWORD.into())]),
        )
        .await,
        "verify-password",
    );
    assert_eq!(get(&ok_pw, "status").as_bool(), Some(true));
    let bad_pw = call(
        &c,
        "/verify-password",
        obj(&[("password", "wrong-password-here".into())]),
    )
    .await;
    assert!(get_str(&bad_pw, "error.code").is_some());
    // The credential account is the only one: unlinking it is refused by the server.
    let unlink = call(
        &c,
        "/unlink-account",
        obj(&[("providerId", "credential".into())]),
    )
    .await;
    assert!(get_str(&unlink, "error.code").is_some());
    // No social account: the provider-token endpoints answer the server's own codes.
    for path in ["/get-access-token", "/refresh-token"] {
        let r = call(&c, path, obj(&[("providerId", "github".into())])).await;
        assert!(get_str(&r, "error.code").is_some(), "{path}");
    }
    let info = call_query(&c, "/account-info", obj(&[("accountId", "none".into())])).await;
    assert!(get_str(&info, "error.code").is_some());
    // A social sign-in with an ID token: the server's answer passes through (GitHub takes none).
    let id_token = obj(&[
        ("provider", "github".into()),
        ("idToken", obj(&[("token", "not-a-token".into())])),
    ]);
    let r = call(&c, "/sign-in/social", id_token).await;
    assert!(get_str(&r, "error.code").is_some());
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("authenticated"),
        "the session is untouched"
    );
    // update-session: a session field changes, the JWT is minted again.
    let before = get(&c.get_state(), "tokenGeneration").as_f64();
    ok(
        call(&c, "/update-session", obj(&[("locale", "fr".into())])).await,
        "update-session",
    );
    assert_eq!(
        get_str(&c.get_state(), "session.locale").as_deref(),
        Some("fr")
    );
    assert!(get(&c.get_state(), "tokenGeneration").as_f64() > before);
    // delete-user: the session ends, without onUnauthorized (the user asked).
    ok(
        call(&c, "/delete-user", obj(&[("password", PASSWORD.into())])).await,
        "delete-user",
    );
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated")
    );
    let r = result(c.sign_in_email(obj(&[
        ("email", email.as_str().into()),
        ("password", PASSWORD.into()),
    ])))
    .await;
    assert_eq!(
        get_str(&r, "error.code").as_deref(),
        Some("INVALID_EMAIL_OR_PASSWORD")
    );
}
