//! Catch-up after the browser froze our timer: background tabs throttle timers and sleeping
//! laptops stop them, so visibility, focus, page-show and network events re-check the token.

use super::inner::Inner;
use crate::core::session::Input as SessionInput;
use crate::core::Input;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
        });
    }

    /// Installs the window listeners (none outside a window, e.g. in a worker).
    pub(crate) fn install_listeners(self: &Rc<Self>) {
        let Some(window) = super::js::window() else {
            return;
        };
        let document = window.document();
        let visible = move || {
            super::js::window()
                .and_then(|w| w.document())
                // Read as a string: web-sys's `VisibilityState` enum brings its conversion and
                // a panic for values it does not know.
                .is_none_or(|d| {
                    super::js::get(&d, "visibilityState").as_string().as_deref() == Some("visible")
                })
        };
        let add = |target: super::js::Target,
                   name: &'static str,
                   input: fn() -> Input,
                   only_visible: bool| {
            let weak = Rc::downgrade(self);
            let closure = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                if only_visible && !visible() {
                    return;
                }
                if let Some(this) = weak.upgrade() {
                    this.input(input());
                    this.wake();
                }
            });
            target.add_listener(name, closure.as_ref());
            self.listeners.borrow_mut().push((target, name, closure));
        };
        if let Some(d) = document {
            add(
                d.unchecked_into(),
                "visibilitychange",
                || Input::Visible,
                true,
            );
        }
        let w: super::js::Target = window.unchecked_into();
        add(w.clone(), "focus", || Input::Visible, true);
        add(w.clone(), "pageshow", || Input::Visible, true);
        add(w.clone(), "online", || Input::Online, false);
        add(w, "offline", || Input::Offline, false);
    }
}
