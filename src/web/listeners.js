// The browser's side of the catch-up after a frozen timer (src/web/listeners.rs), as JavaScript:
// five event listeners are a few lines here and cost the module a closure, two imports and a
// record each (issue #13). Rust decides what each event means for the token.

// Calls `wake(kind)` after the events on which a page's timer may have been frozen: 0 when the
// page is shown (`visibilitychange`, `focus`, `pageshow`: only while it is visible), 1 when the
// network comes back (`online`), 2 when it goes (`offline`). Returns the function that removes
// them. Outside a window (a worker), listens to nothing.
export function listen(wake) {
  if (typeof window != "object" || !window) return () => {};
  const document = window.document;
  const visible = () => !document || document.visibilityState == "visible";
  const events = [
    [document, "visibilitychange", 0],
    [window, "focus", 0],
    [window, "pageshow", 0],
    [window, "online", 1],
    [window, "offline", 2],
  ];
  const removers = events
    .filter(([target]) => target)
    .map(([target, name, kind]) => {
      const listener = () => (kind || visible()) && wake(kind);
      target.addEventListener(name, listener);
      return () => target.removeEventListener(name, listener);
    });
  return () => removers.forEach((remove) => remove());
}
