// The browser's side of the tabs' token lock (src/web/tabs.rs), as JavaScript: a Web Lock's
// callback, the promise that holds it and the abort of the wait are a few lines here and cost the
// module far more as imports, closures and awaits (issue #13). Rust decides when to take the lock,
// how long to wait and when to release it.

// Takes the exclusive Web Lock `name`, waiting at most `wait` ms, or at once by stealing it from
// its holder when `wait` is 0. Resolves the function that releases it once it is held, or
// `undefined` when the wait was aborted or there are no Web Locks. The lock stays held until that
// function is called (the promise the callback returns settles); a later steal by another tab
// rejects `request`'s promise, which is then ignored.
export const lock = (name, wait) =>
  new Promise((resolve) => {
    try {
      navigator.locks
        .request(name, wait ? { signal: AbortSignal.timeout(wait) } : { steal: true }, () => new Promise(resolve))
        .catch(() => resolve());
    } catch {
      resolve();
    }
  });
