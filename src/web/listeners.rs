//! Catch-up after the browser froze our timer: background tabs throttle timers and sleeping
//! laptops stop them, so visibility, focus, page-show and network events re-check the token.

use super::inner::Inner;
use crate::core::session::Input as SessionInput;
use crate::core::Input;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: calls `wake(kind)` on the events after which the timer may have been
    /// frozen; returns the function that removes the listeners.
    /// (`catch`, though it never throws: the call then goes through the glue's import object,
    /// and the glue imports browser.js by name only, not as a whole namespace.)
    #[wasm_bindgen(catch)]
    fn listen(wake: &JsValue) -> Result<js_sys::Function, JsValue>;
}

impl Inner {
    /// Tells the session core the tab woke up: after a failed first get-session it asks again
    /// (once at a time), as the user may well be signed in.
    fn wake(self: &Rc<Self>) {
        let actions = self.session_input(SessionInput::Wake);
        if actions.is_empty() {
            return;
        }
        let this = Rc::clone(self);
        super::tasks::spawn(async move {
            this.run(actions).await;
            super::tasks::DONE
        });
    }

    /// Installs the window's and the document's listeners (none outside a window, e.g. in a
    /// worker): browser.js calls back with what happened.
    pub(crate) fn install_listeners(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let wake = Closure::<dyn FnMut(JsValue)>::new(move |kind: JsValue| {
            if let Some(this) = weak.upgrade() {
                this.input(match kind.as_f64() {
                    Some(1.0) => Input::Online,
                    Some(2.0) => Input::Offline,
                    _ => Input::Visible,
                });
                this.wake();
            }
        });
        if let Ok(remove) = listen(wake.as_ref()) {
            *self.listeners.borrow_mut() = Some((remove, wake));
        }
    }
}
