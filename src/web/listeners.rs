//! Catch-up after the browser froze our timer: background tabs throttle timers and sleeping
//! laptops stop them, so visibility, focus, page-show and network events re-check the token.

use super::inner::Inner;
use crate::core::Input;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

impl Inner {
    /// After a failed first get-session, asks again (once at a time) when the tab becomes visible
    /// or the network comes back: the user may well be signed in.
    fn retry_unknown_session(self: &Rc<Self>) {
        if !self.session_unknown.get() || self.disposed.get() || self.reloading.replace(true) {
            return;
        }
        let this = Rc::clone(self);
        super::spawn(async move {
            let _ = this.load_session().await;
            this.reloading.set(false);
        });
    }

    /// Installs the window listeners (none outside a window, e.g. in a worker).
    pub(crate) fn install_listeners(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let document = window.document();
        let visible = move || {
            web_sys::window()
                .and_then(|w| w.document())
                .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        };
        let add = |target: web_sys::EventTarget,
                   name: &'static str,
                   input: fn() -> Input,
                   only_visible: bool| {
            let weak = Rc::downgrade(self);
            let closure = Closure::<dyn FnMut()>::new(move || {
                if only_visible && !visible() {
                    return;
                }
                if let Some(this) = weak.upgrade() {
                    this.input(input());
                    this.retry_unknown_session();
                }
            });
            if target
                .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())
                .is_ok()
            {
                self.listeners.borrow_mut().push((target, name, closure));
            }
        };
        if let Some(d) = document {
            add(d.into(), "visibilitychange", || Input::Visible, true);
        }
        let w: web_sys::EventTarget = window.into();
        add(w.clone(), "focus", || Input::Visible, true);
        add(w.clone(), "pageshow", || Input::Visible, true);
        add(w.clone(), "online", || Input::Online, false);
        add(w, "offline", || Input::Offline, false);
    }
}
