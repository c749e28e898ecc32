//! Passkeys: the WebAuthn ceremony through `navigator.credentials`, in Rust. The server's options
//! are read and checked by [`crate::api::webauthn`]; here their binary members become
//! `ArrayBuffer`s, the browser is asked, and the authenticator's answer is read back into bytes
//! for the server. Both the options and the verification go through the session funnel
//! (`Inner::call_route`): a passkey sign-in is one more way to create a session, so the JWT is
//! minted and the other tabs are told before the call resolves.
//!
//! One ceremony at a time, as the browser allows: a new one aborts the pending one (a modal
//! sign-in ends a waiting autofill sign-in), as does `dispose()` and `cancelPasskey()`.

use super::inner::Inner;
use super::input::{bad_input, from_js};
use super::js::{get, json_of, set};
use crate::api::routes::Method;
use crate::api::webauthn::{refusal, Ceremony, Credential, Options};
use crate::error::{Error, ErrorKind, Result};
use crate::json::Value;
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `target[name]()` when it is a function; `undefined` otherwise or when it throws (the getters of
/// WebAuthn Level 2/3 are missing in older browsers).
fn call(target: &JsValue, name: &str) -> JsValue {
    get(target, name)
        .dyn_into::<Function>()
        .ok()
        .and_then(|f| f.call0(target).ok())
        .unwrap_or_default()
}

/// The bytes of an `ArrayBuffer` (or a view), `None` for anything else.
fn bytes(value: &JsValue) -> Option<Vec<u8>> {
    let is_bytes =
        value.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(value);
    is_bytes.then(|| Uint8Array::new(value).to_vec())
}

fn buffer(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).buffer().into()
}

fn unsupported(why: &str) -> Error {
    Error::new(ErrorKind::PasskeyUnsupported, why)
}

/// `navigator.credentials` where WebAuthn can run; `PASSKEY_UNSUPPORTED` saying why otherwise.
fn credentials() -> Result<web_sys::CredentialsContainer> {
    let global = js_sys::global();
    if get(&global, "PublicKeyCredential").is_undefined() {
        let why = if get(&global, "isSecureContext") == JsValue::FALSE {
            "WebAuthn needs a secure context: serve the page over https (or from localhost)"
        } else {
            "this browser has no WebAuthn (no PublicKeyCredential)"
        };
        return Err(unsupported(why));
    }
    let container = get(&get(&global, "navigator"), "credentials");
    if container.is_undefined() {
        return Err(unsupported("this browser has no navigator.credentials"));
    }
    Ok(container.unchecked_into())
}

/// Whether the browser offers passkeys in its autofill, and the page has the field to offer them
/// in: `PASSKEY_AUTOFILL_UNSUPPORTED` or `INVALID_CONFIG` otherwise.
async fn check_autofill() -> Result<()> {
    let class = get(&js_sys::global(), "PublicKeyCredential");
    let available =
        match call(&class, "isConditionalMediationAvailable").dyn_into::<js_sys::Promise>() {
            Ok(p) => JsFuture::from(p).await.ok() == Some(JsValue::TRUE),
            Err(_) => false,
        };
    if !available {
        return Err(Error::new(
            ErrorKind::PasskeyAutofillUnsupported,
            "this browser offers no passkeys in autofill (isConditionalMediationAvailable is false): call signIn.passkey() without autoFill",
        ));
    }
    let field = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector("input[autocomplete$='webauthn']")
            .ok()
            .flatten()
    });
    if field.is_none() {
        return Err(bad_input(
            "signIn.passkey",
            "autoFill needs an <input autocomplete=\"username webauthn\"> on the page",
        ));
    }
    Ok(())
}

/// The options object for the browser: the server's JSON, its binary members as `ArrayBuffer`s.
fn public_key_options(ceremony: Ceremony, options: &Options) -> JsValue {
    let js = super::js::to_js(&Value::Object(options.json.clone()));
    set(&js, "challenge", &buffer(&options.challenge));
    if let Some(id) = &options.user_id {
        set(&get(&js, "user"), "id", &buffer(id));
    }
    let list = get(&js, ceremony.credentials_member());
    for (i, id) in options.credential_ids.iter().enumerate() {
        set(
            &Reflect::get_u32(&list, i as u32).unwrap_or_default(),
            "id",
            &buffer(id),
        );
    }
    js
}

/// Reads a `PublicKeyCredential` into bytes.
fn read_credential(credential: &JsValue) -> Credential {
    let response = get(credential, "response");
    let field = |name: &str| bytes(&get(&response, name));
    // Only a registration's response has getTransports (`Array.from(undefined)` would throw).
    let transports = call(&response, "getTransports")
        .dyn_into::<Array>()
        .map(|list| list.iter().filter_map(|t| t.as_string()).collect())
        .unwrap_or_default();
    Credential {
        raw_id: bytes(&get(credential, "rawId")).unwrap_or_default(),
        client_data_json: field("clientDataJSON").unwrap_or_default(),
        attestation_object: field("attestationObject"),
        authenticator_data: field("authenticatorData")
            .or_else(|| bytes(&call(&response, "getAuthenticatorData"))),
        signature: field("signature"),
        user_handle: field("userHandle"),
        public_key: bytes(&call(&response, "getPublicKey")),
        public_key_algorithm: call(&response, "getPublicKeyAlgorithm")
            .as_f64()
            .map(|a| a as i64),
        transports,
        authenticator_attachment: get(credential, "authenticatorAttachment").as_string(),
        extension_results: json_of(&call(credential, "getClientExtensionResults"))
            .unwrap_or(Value::Null),
    }
}

impl Inner {
    /// Aborts the pending ceremony, if any (its call answers `PASSKEY_ABORTED`).
    pub(crate) fn cancel_passkey(&self) {
        if let Some(c) = self.ceremony.borrow_mut().take() {
            c.abort();
        }
    }

    /// Asks the browser with `options`; the refusal's code says what happened.
    async fn ask(
        &self,
        container: &web_sys::CredentialsContainer,
        ceremony: Ceremony,
        options: &Options,
        conditional: bool,
    ) -> Result<Credential> {
        self.cancel_passkey();
        let controller = web_sys::AbortController::new()
            .map_err(|_| unsupported("this browser has no AbortController"))?;
        let signal = controller.signal();
        *self.ceremony.borrow_mut() = Some(controller);
        let public_key = public_key_options(ceremony, options);
        let request = Object::new();
        set(&request, "publicKey", &public_key);
        set(&request, "signal", &signal);
        let asked = match ceremony {
            Ceremony::Create => container.create_with_options(request.unchecked_ref()),
            Ceremony::Get => {
                if conditional {
                    set(&request, "mediation", &"conditional".into());
                }
                container.get_with_options(request.unchecked_ref())
            }
        };
        let answer = match asked {
            Ok(p) => JsFuture::from(p).await,
            Err(e) => Err(e),
        };
        // This ceremony is over: forget its controller unless a newer one replaced it.
        let mine = self
            .ceremony
            .borrow()
            .as_ref()
            .is_some_and(|c| c.signal() == signal);
        if mine {
            self.ceremony.borrow_mut().take();
        }
        if self.disposed.get() {
            return Err(super::inner::disposed());
        }
        match answer {
            Ok(credential) if !credential.is_null() => Ok(read_credential(&credential)),
            Ok(_) => Err(refusal(ceremony, "NotAllowedError", "no credential")),
            Err(e) => {
                let name = get(&e, "name").as_string().unwrap_or_default();
                let message = get(&e, "message").as_string().unwrap_or_default();
                Err(refusal(ceremony, &name, &message))
            }
        }
    }

    /// A passkey ceremony: the server's options (`GET` with `query`), the browser's ceremony (in
    /// the autofill when `conditional`), then the server's check (`POST` with `body`'s members
    /// and the credential as `response`), which for a sign-in creates the session. `extensions`
    /// are merged over the server's.
    pub(crate) async fn passkey(
        &self,
        ceremony: Ceremony,
        query: &JsValue,
        body: &JsValue,
        conditional: bool,
        extensions: &JsValue,
    ) -> Result<Value> {
        let (options_path, verify_path) = match ceremony {
            Ceremony::Create => (
                "/passkey/generate-register-options",
                "/passkey/verify-registration",
            ),
            Ceremony::Get => (
                "/passkey/generate-authenticate-options",
                "/passkey/verify-authentication",
            ),
        };
        let query = super::input::query_string(query)?;
        let mut body = match from_js(body, "passkey")? {
            Value::Object(map) => map,
            _ => crate::json::Map::new(),
        };
        let extensions = match from_js(extensions, "extensions")? {
            Value::Null => None,
            e @ Value::Object(_) => Some(e),
            _ => return Err(bad_input("passkey", "`extensions` must be an object")),
        };
        // Before anything is sent: a browser without WebAuthn makes no request.
        let container = credentials()?;
        if conditional {
            check_autofill().await?;
        }
        let answer = self
            .call_route(options_path, Method::Get, None, &query)
            .await?;
        let options = Options::read(ceremony, &answer, extensions.as_ref(), conditional)?;
        options.check_rp_id(&page_host())?;
        let credential = self
            .ask(&container, ceremony, &options, conditional)
            .await?;
        body.insert("response".into(), credential.to_json(ceremony)?);
        self.call_route(verify_path, Method::Post, Some(Value::Object(body)), "")
            .await
    }
}

fn page_host() -> String {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}
