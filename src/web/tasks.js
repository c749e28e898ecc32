// The browser's side of the module's promises (src/web/tasks.rs), as JavaScript: a promise with
// its resolve and reject functions is one line here, and costs the module a two-argument closure
// type of its own (issue #13).

// `[promise, resolve, reject]`.
export function deferred() {
  let settle;
  const promise = new Promise((resolve, reject) => (settle = [resolve, reject]));
  return [promise, ...settle];
}
