//! Task and promise plumbing: every background task and every exported async method goes through
//! one boxed entry point each, and the module's own executor runs them (see [`spawn_job`]).

use super::js::result_object;
use crate::error::Result;
use crate::prelude::*;
use alloc::sync::Arc;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Waker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// Calls `poll(id)` in a microtask, and again after each `wake(id)`, until `done(id)`.
    /// Declared with `catch` (it does not throw) for the glue's shim: an import without one is
    /// taken from the module as a namespace, which the package's bundling cannot shake.
    #[wasm_bindgen(catch, js_name = spawn)]
    fn js_spawn(poll: JsValue) -> Result<(), JsValue>;
    /// Queues task `id`'s next poll (once however often it is woken before it runs).
    fn wake(id: u32);
    /// Forgets task `id`: it has finished.
    fn done(id: u32);
}

/// A task's waker: its number in browser.js's table. `Send + Sync`, as `Waker::from` wants, with
/// the future itself kept in the task's closure.
struct Task(u32);

impl alloc::task::Wake for Task {
    fn wake(self: Arc<Self>) {
        wake(self.0);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        wake(self.0);
    }
}

/// Runs `future` in the background, polled first in a microtask (as `spawn_local` does).
pub(crate) fn spawn<F: Future<Output = ()> + 'static>(future: F) {
    spawn_job(Box::pin(future));
}

/// The module's executor (issue #13): wasm-bindgen-futures' `spawn_local` brings a task queue, its
/// own wakers and paths for JavaScript Promise Integration, about 1.2 KB gzip of the module. Here
/// browser.js keeps the table of tasks and queues their polls as microtasks, and each task is one
/// closure that polls its future, with a safe waker (`alloc::task::Wake`) that names the task.
/// The future is dropped as soon as it finishes; the closure's shell goes with the function
/// browser.js forgets.
#[inline(never)]
fn spawn_job(job: Pin<Box<dyn Future<Output = ()>>>) {
    let mut job = Some(job);
    let mut waker = None;
    let poll = Closure::<dyn FnMut(JsValue)>::new(move |id: JsValue| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // browser.js's count
        let id = id.as_f64().unwrap_or_default() as u32;
        let Some(future) = job.as_mut() else { return };
        let waker = waker.get_or_insert_with(|| Waker::from(Arc::new(Task(id))));
        if future
            .as_mut()
            .poll(&mut Context::from_waker(waker))
            .is_ready()
        {
            job = None;
            done(id);
        }
    });
    let _ = js_spawn(poll.into_js_value());
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
