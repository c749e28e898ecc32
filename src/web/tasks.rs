//! Task and promise plumbing: every background task and every exported async method goes through
//! one boxed entry point each, so that wasm-bindgen-futures' machinery is compiled once rather
//! than once per call site.

use super::js::result_object;
use crate::error::Result;
use crate::prelude::*;
use core::future::Future;
use core::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};

/// `spawn_local` for every background task of the module.
pub(crate) fn spawn<F: Future<Output = ()> + 'static>(future: F) {
    spawn_job(Box::pin(future));
}

#[inline(never)]
fn spawn_job(job: Pin<Box<dyn Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(job);
}

/// Resolves `future` into a `{ data, error }` object; never rejects.
pub(crate) fn data_or_error<F>(future: F) -> js_sys::Promise
where
    F: Future<Output = Result<JsValue>> + 'static,
{
    promise(async move { Ok(result_object(future.await)) })
}

/// The one `future_to_promise` of the module.
pub(crate) fn promise<F>(future: F) -> js_sys::Promise
where
    F: Future<Output = core::result::Result<JsValue, JsValue>> + 'static,
{
    drive(Box::pin(future))
}

type Job = Pin<Box<dyn Future<Output = core::result::Result<JsValue, JsValue>>>>;

/// `future_to_promise`, on the module's one `spawn_local` instance (`spawn_job`): the
/// library's own is generic over the future, so it would compile a second copy of the task
/// machinery.
#[inline(never)]
fn drive(job: Job) -> js_sys::Promise {
    let (promise, resolve, reject) = deferred();
    spawn(async move {
        let _ = match job.await {
            Ok(value) => resolve.call1(&JsValue::UNDEFINED, &value),
            Err(error) => reject.call1(&JsValue::UNDEFINED, &error),
        };
    });
    promise
}

/// A new promise and the functions that resolve and reject it. The `Promise` constructor calls
/// its executor at once; were it not to, the functions would be `undefined` and calling them
/// would fail (every caller ignores that failure), leaving the promise pending.
pub(crate) fn deferred() -> (js_sys::Promise, js_sys::Function, js_sys::Function) {
    let mut settle = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let (resolve, reject) = settle.unwrap_or_else(|| {
        (
            JsValue::UNDEFINED.unchecked_into(),
            JsValue::UNDEFINED.unchecked_into(),
        )
    });
    (promise, resolve, reject)
}
