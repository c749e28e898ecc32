//! `authFetch`: attaches the token to allowed origins and retries once on 401.

use super::inner::Inner;
use super::js::js_error;
use super::tasks::{settled, Settled};
use crate::core::Input;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type JsResult<T> = core::result::Result<T, JsValue>;

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: `new Request(input, init)`, `undefined` for an `input` of another type.
    #[wasm_bindgen(catch, js_name = request)]
    fn js_request(input: &JsValue, init: &JsValue) -> JsResult<JsValue>;

    /// See browser.js: one attempt, with the token (none when empty) and the hooks.
    #[wasm_bindgen(js_name = attempt)]
    fn js_attempt(
        request: &web_sys::Request,
        token: &str,
        on_request: &JsValue,
        on_response: &JsValue,
    ) -> js_sys::Promise;
}

/// A `Request` from `fetch`'s arguments: a string, URL or Request, plus an optional init
/// dictionary (anything but an object reads as none).
pub(crate) fn build_request(input: &JsValue, init: &JsValue) -> JsResult<web_sys::Request> {
    let request = js_request(input, init)?;
    if request.is_undefined() {
        let err = crate::error::Error::new(
            crate::error::ErrorKind::InvalidConfig,
            "fetch: input must be a string, URL or Request",
        );
        return Err(js_error(&err));
    }
    Ok(request.unchecked_into())
}

impl Inner {
    /// One attempt (browser.js): a copy of `request` with the token (`request` itself without
    /// one), `onRequest(request)` (which may return a replacement Request), the send, then
    /// `onResponse(response)`, resolving the `Response`. The hooks are fixed for the client's
    /// life: nothing is borrowed while user code runs. A plain function returning the attempt's
    /// future, not an `async fn`: one state machine fewer.
    fn send(&self, request: &web_sys::Request, token: &str) -> Settled {
        let hook =
            |f: &Option<js_sys::Function>| f.as_ref().map_or(JsValue::UNDEFINED, |f| f.into());
        let attempt = js_attempt(
            request,
            token,
            &hook(&self.hooks.on_request),
            &hook(&self.hooks.on_response),
        );
        settled(attempt)
    }

    /// `fetch` for `request`. Origins outside `apiOrigins` get the request exactly as given.
    ///
    /// For allowed origins: a token from the core (waiting for a refresh when one is due or in
    /// flight, shared by all waiting requests); on 401, one shared refresh and exactly one retry
    /// with a newer token; a second 401 is returned as is, after `unauthorized` is emitted.
    pub(crate) async fn auth_fetch(&self, request: web_sys::Request) -> JsResult<JsValue> {
        if !self.opts.may_receive_token(&request.url()) {
            return self.send(&request, "").await;
        }
        let waiter = self.next_waiter_id();
        let result = self.auth_fetch_with(waiter, &request).await;
        self.request_done(waiter);
        result
    }

    async fn auth_fetch_with(&self, waiter: u64, request: &web_sys::Request) -> JsResult<JsValue> {
        self.booted().await;
        let usable = {
            let lc = self.lc.borrow();
            lc.usable_token(self.now())
                .map(|t| (t.raw.clone(), t.generation))
        };
        let (token, generation) = match usable {
            Some(t) => t,
            None => self
                .wait_for_token(waiter, Input::NeedToken { waiter })
                .await
                .map_err(|e| js_error(&e))?,
        };
        let first: web_sys::Response = self.send(request, &token).await?.unchecked_into();
        if first.status() != 401 {
            return Ok(first.into());
        }
        // The token was refused: revoked, rotated key, or expired while we slept. Ask the core
        // for a newer generation (one refresh shared by every request that saw this 401).
        let (fresh, fresh_generation) = match self
            .wait_for_token(waiter, Input::Unauthorized { waiter, generation })
            .await
        {
            Ok(t) => t,
            // No newer token (signed out, or this request already had its retry): the 401 stands.
            Err(_) => return Ok(first.into()),
        };
        let second: web_sys::Response = self.send(request, &fresh).await?.unchecked_into();
        if second.status() == 401 {
            // Tell the core; it answers with `unauthorized` and never hands this request a token again.
            let _ = self
                .wait_for_token(
                    waiter,
                    Input::Unauthorized {
                        waiter,
                        generation: fresh_generation,
                    },
                )
                .await;
        }
        Ok(second.into())
    }
}
