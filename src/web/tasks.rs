//! Task and promise plumbing: every background task and every exported async method goes through
//! one boxed entry point each, and the module's own executor runs them (see [`run`]).

use super::js::js_error;
use crate::error::Result;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::sync::Arc;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Waker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// Calls `poll(id)` in a microtask, and again after each `wake(id)`, until `done(id, ..)`;
    /// returns the promise `done` settles. Declared with `catch` (it does not throw) for the
    /// glue's shim: an import without one is taken from the module as a namespace, which the
    /// package's bundling cannot shake.
    #[wasm_bindgen(catch, js_name = spawn)]
    fn js_spawn(poll: JsValue) -> Result<js_sys::Promise, JsValue>;
    /// Queues task `id`'s next poll (once however often it is woken before it runs).
    fn wake(id: u32);
    /// Forgets task `id`, which has finished, and settles its promise: resolved with `value`
    /// when `ok`, else rejected with it.
    fn done(id: u32, ok: bool, value: JsValue);
    /// Calls `fill([1, value])` or `fill([0, reason])` when `promise` settles. `catch` for the
    /// glue's shim, as `js_spawn`.
    #[wasm_bindgen(catch)]
    fn watch(promise: &js_sys::Promise, fill: JsValue) -> Result<(), JsValue>;
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

/// A promise awaited: what it resolves (`Ok`) or rejects with (`Err`), as wasm-bindgen-futures'
/// `JsFuture` gives it, for the module's executor and any other. browser.js watches the promise
/// from the start, with a closure that fills a [`Slot`] with its outcome; the closure belongs to
/// that JavaScript function, so a future dropped before its promise settles leaves nothing to
/// call back into (issue #13: `JsFuture` costs two closure types of its own).
pub(crate) struct Settled(Filled<JsValue>);

/// Awaits `promise`.
pub(crate) fn settled(promise: js_sys::Promise) -> Settled {
    let slot = Rc::<Slot<JsValue>>::default();
    let fill = Rc::clone(&slot);
    let fill = Closure::<dyn FnMut(JsValue)>::new(move |outcome| fill.fill(outcome));
    // browser.js cannot fail to watch it; were it to, the slot stays empty: never settles.
    let _ = watch(&promise, fill.into_js_value());
    Settled(Filled(slot))
}

impl Future for Settled {
    type Output = core::result::Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> core::task::Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|outcome| {
            let outcome: js_sys::Array = outcome.unchecked_into();
            let value = outcome.get(1);
            if outcome.get(0).as_f64() == Some(1.0) {
                Ok(value)
            } else {
                Err(value)
            }
        })
    }
}

/// What a background task ends with (its promise is never looked at).
pub(crate) const DONE: core::result::Result<JsValue, JsValue> = Ok(JsValue::UNDEFINED);

/// A value one of the module's futures hands another, with no promise made for it: [`Slot::fill`]
/// it once, and the [`Filled`] future of the other end is ready with it. One future awaits a
/// slot: it keeps one waker. (A request waiting for its token; the session cookie's queue.)
pub(crate) struct Slot<T> {
    value: core::cell::Cell<Option<T>>,
    waker: core::cell::Cell<Option<Waker>>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            value: core::cell::Cell::new(None),
            waker: core::cell::Cell::new(None),
        }
    }
}

impl<T> Slot<T> {
    /// Leaves `value`, waking whoever awaits it.
    pub(crate) fn fill(&self, value: T) {
        self.value.set(Some(value));
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

/// Ready with its slot's value once it is filled.
pub(crate) struct Filled<T>(pub(crate) Rc<Slot<T>>);

impl<T> Future for Filled<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> core::task::Poll<T> {
        match self.0.value.take() {
            Some(value) => core::task::Poll::Ready(value),
            None => {
                self.0.waker.set(Some(cx.waker().clone()));
                core::task::Poll::Pending
            }
        }
    }
}

/// Runs `future` in the background, polled first in a microtask (as `spawn_local` does). It ends
/// with [`DONE`]: the executor's one kind of task.
pub(crate) fn spawn<F>(future: F)
where
    F: Future<Output = core::result::Result<JsValue, JsValue>> + 'static,
{
    let _ = run(Box::pin(future));
}

type Job = Pin<Box<dyn Future<Output = core::result::Result<JsValue, JsValue>>>>;

/// The module's executor (issue #13): wasm-bindgen-futures' `spawn_local` brings a task queue, its
/// own wakers and paths for JavaScript Promise Integration, about 1.2 KB gzip of the module. Here
/// browser.js keeps the table of tasks and queues their polls as microtasks, and each task is one
/// closure that polls its future, with a safe waker (`alloc::task::Wake`) that names the task.
/// The future is dropped as soon as it finishes, and its outcome settles the promise `run`
/// returns (resolved with `Ok`'s value, rejected with `Err`'s); the closure's shell goes with
/// the function browser.js forgets.
#[inline(never)]
fn run(job: Job) -> js_sys::Promise {
    let mut job = Some(job);
    let mut waker = None;
    let poll = Closure::<dyn FnMut(JsValue)>::new(move |id: JsValue| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // browser.js's count
        let id = id.as_f64().unwrap_or_default() as u32;
        let Some(future) = job.as_mut() else { return };
        let waker = waker.get_or_insert_with(|| Waker::from(Arc::new(Task(id))));
        if let core::task::Poll::Ready(outcome) =
            future.as_mut().poll(&mut Context::from_waker(waker))
        {
            job = None;
            match outcome {
                Ok(value) => done(id, true, value),
                Err(error) => done(id, false, error),
            }
        }
    });
    js_spawn(poll.into_js_value()).unwrap_or_else(|_| JsValue::UNDEFINED.unchecked_into())
}

/// Resolves what `future` does, or rejects with its error as a coded JavaScript `Error`
/// ([`js_error`]). index.js makes Better Auth's `{ data, error }` of it: the module builds no
/// result objects (issue #13).
pub(crate) fn data_or_error<F>(future: F) -> js_sys::Promise
where
    F: Future<Output = Result<JsValue>> + 'static,
{
    promise(async move { future.await.map_err(|e| js_error(&e)) })
}

/// The one `future_to_promise` of the module: `future` run as a task, its outcome the promise's.
pub(crate) fn promise<F>(future: F) -> js_sys::Promise
where
    F: Future<Output = core::result::Result<JsValue, JsValue>> + 'static,
{
    run(Box::pin(future))
}
