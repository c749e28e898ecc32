//! Task and promise plumbing: every background task and every exported async method goes through
//! one boxed entry point each, so that wasm-bindgen-futures' machinery is compiled once rather
//! than once per call site.

use super::js::result_object;
use crate::error::Result;
use crate::prelude::*;
use core::future::Future;
use core::pin::Pin;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

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

#[inline(never)]
fn drive(job: Job) -> js_sys::Promise {
    future_to_promise(job)
}
