//! WebAuthn's JSON, as the passkey plugin (`@better-auth/passkey`, through `@simplewebauthn/server`)
//! speaks it: the ceremony options the server sends, the credential the browser's authenticator
//! answers, and what each of the browser's refusals means. Pure: the browser layer
//! (`web::passkey`) turns the decoded bytes into `ArrayBuffer`s, calls `navigator.credentials`, and
//! hands the authenticator's bytes back here to be encoded.
//!
//! Every binary member is base64url without padding, decoded by the same strict decoder as the
//! JWTs (one encoding per byte string).

use crate::error::{quoted, Error, ErrorKind, Result};
use crate::json::{Map, Value};
use crate::jwt::b64;

/// Which ceremony: `navigator.credentials.create` (a new passkey) or `get` (a sign-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceremony {
    /// Registration: `PublicKeyCredentialCreationOptions`.
    Create,
    /// Authentication: `PublicKeyCredentialRequestOptions`.
    Get,
}

impl Ceremony {
    /// The member listing credentials: the ones to exclude, or the ones allowed.
    pub(crate) fn credentials_member(self) -> &'static str {
        match self {
            Ceremony::Create => "excludeCredentials",
            Ceremony::Get => "allowCredentials",
        }
    }
}

/// The server's options, checked, with their binary members decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The options as the server sent them (with `extensions` merged, and for a conditional
    /// sign-in no `allowCredentials`): the browser layer replaces the binary members' strings
    /// with the bytes below.
    pub json: Map,
    /// `challenge`.
    pub challenge: Vec<u8>,
    /// `user.id` (registration only).
    pub user_id: Option<Vec<u8>>,
    /// The ids of `excludeCredentials` (registration) or `allowCredentials` (sign-in), in order.
    pub credential_ids: Vec<Vec<u8>>,
    /// `rp.id` (registration) or `rpId` (sign-in), when the server names one.
    pub rp_id: Option<String>,
}

fn invalid(what: &str) -> Error {
    Error::new(
        ErrorKind::InvalidResponse,
        ["passkey options: ", what].concat(),
    )
}

fn binary(value: Option<&Value>, what: &str) -> Result<Vec<u8>> {
    value
        .and_then(Value::as_str)
        .and_then(b64::decode)
        .ok_or_else(|| invalid(&["`", what, "` is not base64url"].concat()))
}

impl Options {
    /// Reads the options of `ceremony` from the server's `answer`, merging the caller's
    /// `extensions` over the server's (as Better Auth's client does). `conditional`: a sign-in
    /// offered in the browser's autofill, which lists no credentials (the browser offers every
    /// passkey it holds for the site).
    ///
    /// # Errors
    /// `INVALID_RESPONSE` naming the member that is missing, of the wrong type, or not strict
    /// base64url; a challenge shorter than 16 bytes (WebAuthn asks for at least 16 random bytes).
    pub fn read(
        ceremony: Ceremony,
        answer: &Value,
        extensions: Option<&Value>,
        conditional: bool,
    ) -> Result<Options> {
        let Value::Object(json) = answer else {
            return Err(invalid("not an object"));
        };
        let mut json = json.clone();
        let challenge = binary(json.get("challenge"), "challenge")?;
        if challenge.len() < 16 {
            return Err(invalid("`challenge` is shorter than 16 bytes"));
        }
        // Only what the browser cannot check itself: the bytes. The other members (`rp.name`,
        // `user.name`, `pubKeyCredParams`...) reach the browser as sent, and its TypeError names
        // any that is missing.
        let (user_id, rp_id) = match ceremony {
            Ceremony::Create => {
                let id = binary(json.get("user").and_then(|u| u.get("id")), "user.id")?;
                if id.is_empty() || id.len() > 64 {
                    return Err(invalid("`user.id` is not 1 to 64 bytes"));
                }
                (Some(id), json.get("rp").and_then(|rp| rp.get("id")))
            }
            Ceremony::Get => (None, json.get("rpId")),
        };
        let rp_id = rp_id.and_then(Value::as_str).map(str::to_owned);
        let member = ceremony.credentials_member();
        if conditional {
            json.remove(member);
        }
        let mut credential_ids = Vec::new();
        match json.get(member) {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                for c in list {
                    let id = binary(c.get("id"), &[member, "[].id"].concat())?;
                    if id.is_empty() {
                        return Err(invalid(&["`", member, "[].id` is empty"].concat()));
                    }
                    credential_ids.push(id);
                }
            }
            Some(_) => return Err(invalid(&["`", member, "` is not a list"].concat())),
        }
        if let Some(Value::Object(extra)) = extensions {
            if !json.contains_key("extensions") {
                json.insert("extensions".into(), Value::Object(Map::new()));
            }
            if let Some(Value::Object(merged)) = json.get_mut("extensions") {
                for (k, v) in extra {
                    merged.insert(k.clone(), v.clone());
                }
            }
        }
        Ok(Options {
            json,
            challenge,
            user_id,
            credential_ids,
            rp_id,
        })
    }

    /// Refuses a relying party ID that the browser would refuse on a page of `host` (the page's
    /// `location.hostname`), with a message that names both: WebAuthn accepts the page's host
    /// name or a parent domain of it, and never an IP address.
    ///
    /// # Errors
    /// `PASSKEY_RP_ID_MISMATCH`.
    pub fn check_rp_id(&self, host: &str) -> Result<()> {
        let host = host.to_ascii_lowercase();
        let ip = host.starts_with('[') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if ip {
            return Err(Error::new(
                ErrorKind::PasskeyRpIdMismatch,
                [
                    "this page's host ",
                    &quoted(&host),
                    " is an IP address, which WebAuthn never accepts as a relying party ID: serve the page and the auth server under a domain name (`localhost` in development)",
                ]
                .concat(),
            ));
        }
        let Some(rp_id) = &self.rp_id else {
            return Ok(());
        };
        let rp = rp_id.to_ascii_lowercase();
        let fits = !rp.is_empty()
            && (host == rp || host.strip_suffix(&rp).is_some_and(|h| h.ends_with('.')));
        if fits {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::PasskeyRpIdMismatch,
            [
                "the server's passkey relying party ID ",
                &quoted(rp_id),
                " does not match this page's host ",
                &quoted(&host),
                ": set the passkey plugin's `rpID` to the page's domain or a parent domain of it",
            ]
            .concat(),
        ))
    }
}

/// What an authenticator answered, as bytes: a `PublicKeyCredential` read by the browser layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credential {
    /// `rawId`.
    pub raw_id: Vec<u8>,
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// Registration: `response.attestationObject`.
    pub attestation_object: Option<Vec<u8>>,
    /// `response.authenticatorData` (sign-in), or `response.getAuthenticatorData()`
    /// (registration, where the browser has it).
    pub authenticator_data: Option<Vec<u8>>,
    /// Sign-in: `response.signature`.
    pub signature: Option<Vec<u8>>,
    /// Sign-in: `response.userHandle` (`None` when the authenticator gave none).
    pub user_handle: Option<Vec<u8>>,
    /// Registration: `response.getPublicKey()`, where the browser has it.
    pub public_key: Option<Vec<u8>>,
    /// Registration: `response.getPublicKeyAlgorithm()`, where the browser has it.
    pub public_key_algorithm: Option<i64>,
    /// Registration: `response.getTransports()`.
    pub transports: Vec<String>,
    /// `authenticatorAttachment` (`platform`, `cross-platform`), when the browser says.
    pub authenticator_attachment: Option<String>,
    /// `getClientExtensionResults()`, as JSON.
    pub extension_results: Value,
}

impl Credential {
    /// The `RegistrationResponseJSON` / `AuthenticationResponseJSON` that the server verifies:
    /// `id` and `rawId` (the same base64url), `type`, `response` with its base64url members,
    /// `clientExtensionResults` and `authenticatorAttachment`.
    ///
    /// # Errors
    /// `INVALID_RESPONSE` when a member the ceremony needs is missing (the browser answered
    /// something that is not a credential of this ceremony).
    pub fn to_json(&self, ceremony: Ceremony) -> Result<Value> {
        let missing = |what: &str| {
            Error::new(
                ErrorKind::InvalidResponse,
                ["passkey credential: no `", what, "`"].concat(),
            )
        };
        if self.raw_id.is_empty() {
            return Err(missing("rawId"));
        }
        let mut response = Map::new();
        let mut put = |name: &str, bytes: Option<&Vec<u8>>| {
            if let Some(b) = bytes {
                response.insert(name.into(), Value::String(b64::encode(b)));
            }
        };
        put("clientDataJSON", Some(&self.client_data_json));
        put("authenticatorData", self.authenticator_data.as_ref());
        match ceremony {
            Ceremony::Create => {
                let Some(attestation) = &self.attestation_object else {
                    return Err(missing("response.attestationObject"));
                };
                put("attestationObject", Some(attestation));
                put("publicKey", self.public_key.as_ref());
                if let Some(alg) = self.public_key_algorithm {
                    response.insert("publicKeyAlgorithm".into(), Value::from(alg));
                }
                let transports = self.transports.iter().cloned().map(Value::String);
                response.insert("transports".into(), Value::Array(transports.collect()));
            }
            Ceremony::Get => {
                if self.authenticator_data.is_none() {
                    return Err(missing("response.authenticatorData"));
                }
                let Some(signature) = &self.signature else {
                    return Err(missing("response.signature"));
                };
                put("signature", Some(signature));
                put("userHandle", self.user_handle.as_ref());
            }
        }
        let id = Value::String(b64::encode(&self.raw_id));
        let mut out = Map::new();
        out.insert("id".into(), id.clone());
        out.insert("rawId".into(), id);
        out.insert("type".into(), Value::String("public-key".into()));
        out.insert("response".into(), Value::Object(response));
        let extensions = match &self.extension_results {
            v @ Value::Object(_) => v.clone(),
            _ => Value::Object(Map::new()),
        };
        out.insert("clientExtensionResults".into(), extensions);
        if let Some(a) = &self.authenticator_attachment {
            out.insert("authenticatorAttachment".into(), Value::String(a.clone()));
        }
        Ok(Value::Object(out))
    }
}

/// What a refusal of `navigator.credentials.create` / `get` means, from the `DOMException`'s
/// `name` and `message` (the browser's words are kept in the message).
pub fn refusal(ceremony: Ceremony, name: &str, message: &str) -> Error {
    let (kind, what) = match (name, ceremony) {
        ("NotAllowedError", _) => (
            ErrorKind::PasskeyCancelled,
            "the passkey ceremony was cancelled or timed out",
        ),
        ("AbortError", _) => (
            ErrorKind::PasskeyAborted,
            "the passkey ceremony was aborted (another one started, or the caller cancelled it)",
        ),
        ("InvalidStateError", Ceremony::Create) => (
            ErrorKind::PasskeyAlreadyRegistered,
            "this authenticator already holds a passkey for this account",
        ),
        ("SecurityError", _) => (
            ErrorKind::PasskeyRpIdMismatch,
            "the browser refused the relying party ID for this page",
        ),
        ("NotSupportedError", _) => (
            ErrorKind::PasskeyUnsupported,
            "no authenticator here supports what the server asks",
        ),
        _ => (ErrorKind::PasskeyFailed, "the passkey ceremony failed"),
    };
    Error::new(kind, [what, " (", name, ": ", message, ")"].concat())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::json::json;

    const CHALLENGE: &str = "uGYDPYKt3EaUP5fOED7FMR_kT8loG6UwudPxHtBlXvQ";

    /// As the passkey plugin answers GET /passkey/generate-register-options.
    fn creation() -> Value {
        json!({
            "challenge": CHALLENGE,
            "rp": { "name": "better-auth-wasm", "id": "localhost" },
            "user": { "id": "dXNlci0x", "name": "a@example.com", "displayName": "a@example.com" },
            "pubKeyCredParams": [{ "alg": -8, "type": "public-key" }, { "alg": -7, "type": "public-key" }],
            "timeout": 60000,
            "attestation": "none",
            "excludeCredentials": [{ "id": "AQID", "type": "public-key", "transports": ["internal"] }],
            "authenticatorSelection": { "residentKey": "preferred", "userVerification": "preferred" },
            "extensions": { "credProps": true },
        })
    }

    /// As the passkey plugin answers GET /passkey/generate-authenticate-options (signed in).
    fn request() -> Value {
        json!({
            "rpId": "localhost",
            "challenge": CHALLENGE,
            "timeout": 60000,
            "userVerification": "preferred",
            "allowCredentials": [{ "id": "AQID", "type": "public-key" }, { "id": "BAUG", "type": "public-key" }],
        })
    }

    fn code(r: Result<Options>) -> String {
        r.unwrap_err().code().to_owned()
    }

    #[test]
    fn creation_options_are_decoded() {
        let o = Options::read(Ceremony::Create, &creation(), None, false).unwrap();
        assert_eq!(o.challenge.len(), 32);
        assert_eq!(o.user_id.as_deref(), Some(&b"user-1"[..]));
        assert_eq!(o.credential_ids, vec![vec![1, 2, 3]]);
        assert_eq!(o.rp_id.as_deref(), Some("localhost"));
        // Everything else passes through to the browser as the server sent it.
        assert_eq!(o.json["timeout"], 60000);
        assert_eq!(o.json["authenticatorSelection"]["residentKey"], "preferred");
    }

    #[test]
    fn request_options_are_decoded_and_conditional_lists_none() {
        let o = Options::read(Ceremony::Get, &request(), None, false).unwrap();
        assert_eq!(o.credential_ids, vec![vec![1, 2, 3], vec![4, 5, 6]]);
        assert_eq!(o.rp_id.as_deref(), Some("localhost"));
        assert!(o.user_id.is_none());
        let o = Options::read(Ceremony::Get, &request(), None, true).unwrap();
        assert!(o.credential_ids.is_empty());
        assert!(!o.json.contains_key("allowCredentials"));
    }

    #[test]
    fn caller_extensions_are_merged_over_the_servers() {
        let extra = json!({ "credProps": false, "largeBlob": { "support": "preferred" } });
        let o = Options::read(Ceremony::Create, &creation(), Some(&extra), false).unwrap();
        assert_eq!(o.json["extensions"], extra);
        let o = Options::read(Ceremony::Get, &request(), Some(&extra), false).unwrap();
        assert_eq!(o.json["extensions"], extra);
    }

    #[test]
    fn malformed_options_are_refused_by_name() {
        let cases: Vec<(Ceremony, Value, &str)> = vec![
            (Ceremony::Get, json!([]), "not an object"),
            (Ceremony::Get, json!({ "challenge": 5 }), "`challenge`"),
            (
                Ceremony::Get,
                json!({ "challenge": "AQID" }),
                "shorter than 16",
            ),
            (
                Ceremony::Get,
                json!({ "challenge": format!("{CHALLENGE}=") }),
                "`challenge`",
            ),
            (
                Ceremony::Get,
                json!({ "challenge": CHALLENGE.replace('_', "/") }),
                "`challenge`",
            ),
            (
                Ceremony::Get,
                json!({ "challenge": CHALLENGE, "allowCredentials": {} }),
                "not a list",
            ),
            (
                Ceremony::Get,
                json!({ "challenge": CHALLENGE, "allowCredentials": [{ "id": "" }] }),
                "is empty",
            ),
            (
                Ceremony::Get,
                json!({ "challenge": CHALLENGE, "allowCredentials": [{ "id": "A" }] }),
                "allowCredentials[].id",
            ),
        ];
        let mut create = Vec::new();
        for (member, value, needle) in [
            (
                "user",
                json!({ "id": "", "name": "a", "displayName": "a" }),
                "1 to 64 bytes",
            ),
            (
                "user",
                json!({ "id": "A".repeat(88), "name": "a", "displayName": "a" }),
                "1 to 64 bytes",
            ),
            ("user", json!({ "id": "dXNlci0x=" }), "`user.id`"),
            (
                "excludeCredentials",
                json!([{ "id": 1 }]),
                "excludeCredentials[].id",
            ),
        ] {
            let mut o = creation();
            o[member] = value;
            create.push((Ceremony::Create, o, needle));
        }
        let mut no_user = creation();
        no_user.as_object_mut().unwrap().remove("user");
        create.push((Ceremony::Create, no_user, "`user.id`"));
        for (ceremony, answer, needle) in cases.into_iter().chain(create) {
            let err = Options::read(ceremony, &answer, None, false).unwrap_err();
            assert_eq!(err.code(), "INVALID_RESPONSE", "{answer}");
            assert!(
                err.message().contains(needle),
                "{answer}: {}",
                err.message()
            );
        }
        assert_eq!(
            code(Options::read(Ceremony::Get, &json!(null), None, false)),
            "INVALID_RESPONSE"
        );
    }

    #[test]
    fn relying_party_ids_the_browser_would_refuse() {
        let with = |rp: Option<&str>| Options {
            rp_id: rp.map(str::to_owned),
            ..Options::read(Ceremony::Get, &request(), None, false).unwrap()
        };
        #[rustfmt::skip]
        let table: &[(Option<&str>, &str, bool)] = &[
            (Some("localhost"),   "localhost",          true),
            (Some("example.com"), "example.com",        true),
            (Some("example.com"), "app.example.com",    true),
            (Some("Example.COM"), "app.example.com",    true),
            (None,                "app.example.com",    true),
            (Some("example.com"), "badexample.com",     false),
            (Some("app.example.com"), "example.com",    false),
            (Some("localhost"),   "127.0.0.1",          false),
            (None,                "127.0.0.1",          false),
            (None,                "[::1]",              false),
            (Some(""),            "localhost",          false),
            (Some("127.0.0.1"),   "localhost",          false),
        ];
        for &(rp, host, ok) in table {
            let r = with(rp).check_rp_id(host);
            assert_eq!(r.is_ok(), ok, "{rp:?} on {host}");
            if let Err(e) = r {
                assert_eq!(e.code(), "PASSKEY_RP_ID_MISMATCH");
                // The message names both, or says why the host cannot have one.
                assert!(e.message().contains(host), "{}", e.message());
                assert!(
                    rp.is_none_or(|rp| e.message().contains(rp))
                        || e.message().contains("IP address")
                );
            }
        }
    }

    fn registration() -> Credential {
        Credential {
            raw_id: vec![0xfb, 0xff, 1],
            client_data_json: br#"{"type":"webauthn.create"}"#.to_vec(),
            attestation_object: Some(vec![0xa3, 0x63]),
            authenticator_data: Some(vec![9; 37]),
            public_key: Some(vec![0x30, 0x2a]),
            public_key_algorithm: Some(-8),
            transports: vec!["internal".into(), "hybrid".into()],
            authenticator_attachment: Some("platform".into()),
            extension_results: json!({ "credProps": { "rk": true } }),
            ..Credential::default()
        }
    }

    #[test]
    fn a_registration_is_sent_as_registration_response_json() {
        let v = registration().to_json(Ceremony::Create).unwrap();
        assert_eq!(
            v,
            json!({
                "id": "-_8B", "rawId": "-_8B", "type": "public-key",
                "response": {
                    "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
                    "attestationObject": "o2M",
                    "authenticatorData": "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQ",
                    "publicKey": "MCo",
                    "publicKeyAlgorithm": -8,
                    "transports": ["internal", "hybrid"],
                },
                "clientExtensionResults": { "credProps": { "rk": true } },
                "authenticatorAttachment": "platform",
            })
        );
        let mut c = registration();
        c.attestation_object = None;
        assert_eq!(
            c.to_json(Ceremony::Create).unwrap_err().code(),
            "INVALID_RESPONSE"
        );
    }

    #[test]
    fn an_assertion_is_sent_as_authentication_response_json() {
        let c = Credential {
            raw_id: vec![1, 2, 3],
            client_data_json: b"{}".to_vec(),
            authenticator_data: Some(vec![7; 37]),
            signature: Some(vec![0x30, 0x44]),
            user_handle: Some(b"user-1".to_vec()),
            extension_results: Value::Null,
            ..Credential::default()
        };
        let v = c.to_json(Ceremony::Get).unwrap();
        assert_eq!(v["id"], "AQID");
        assert_eq!(v["rawId"], "AQID");
        assert_eq!(v["response"]["signature"], "MEQ");
        assert_eq!(v["response"]["userHandle"], "dXNlci0x");
        assert_eq!(v["response"]["clientDataJSON"], "e30");
        assert_eq!(v["clientExtensionResults"], json!({}));
        assert!(v.get("authenticatorAttachment").is_none());
        assert!(v["response"].get("transports").is_none());
        // No user handle: the member is left out, as @simplewebauthn/browser does.
        let v = Credential {
            user_handle: None,
            ..c.clone()
        }
        .to_json(Ceremony::Get)
        .unwrap();
        assert!(v["response"].get("userHandle").is_none());
        for broken in [
            Credential {
                signature: None,
                ..c.clone()
            },
            Credential {
                authenticator_data: None,
                ..c.clone()
            },
            Credential {
                raw_id: Vec::new(),
                ..c.clone()
            },
        ] {
            assert_eq!(
                broken.to_json(Ceremony::Get).unwrap_err().code(),
                "INVALID_RESPONSE"
            );
        }
    }

    #[test]
    fn every_refusal_has_its_code() {
        #[rustfmt::skip]
        let table = [
            (Ceremony::Get,    "NotAllowedError",   "PASSKEY_CANCELLED"),
            (Ceremony::Create, "NotAllowedError",   "PASSKEY_CANCELLED"),
            (Ceremony::Get,    "AbortError",        "PASSKEY_ABORTED"),
            (Ceremony::Create, "InvalidStateError", "PASSKEY_ALREADY_REGISTERED"),
            (Ceremony::Get,    "InvalidStateError", "PASSKEY_FAILED"),
            (Ceremony::Get,    "SecurityError",     "PASSKEY_RP_ID_MISMATCH"),
            (Ceremony::Create, "NotSupportedError", "PASSKEY_UNSUPPORTED"),
            (Ceremony::Create, "UnknownError",      "PASSKEY_FAILED"),
            (Ceremony::Get,    "TypeError",         "PASSKEY_FAILED"),
        ];
        for (ceremony, name, code) in table {
            let e = refusal(ceremony, name, "the browser's words");
            assert_eq!(e.code(), code, "{name}");
            assert!(e.message().contains(name) && e.message().contains("the browser's words"));
        }
    }
}
