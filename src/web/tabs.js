// The browser's side of the tabs (src/web/tabs.rs), as JavaScript: a Web Lock's callback, the
// promise that holds it, the abort of the wait and the BroadcastChannel's calls are a few lines
// here and cost the module far more as imports, closures and awaits (issue #13). Rust decides when
// to take the lock, how long to wait, when to release it, and what the messages say.

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

// A BroadcastChannel `name` that calls `receive(data)` with each message from the other tabs, as
// `{ post(message), close() }`; `undefined` where there is none. Posting to a closed channel
// throws: there is nobody to tell.
export function open(name, receive) {
  try {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (event) => receive(event.data);
    return {
      post(message) {
        try {
          channel.postMessage(message);
        } catch {
          // Closed.
        }
      },
      close() {
        channel.onmessage = null;
        channel.close();
      },
    };
  } catch {
    // No BroadcastChannel: each tab refreshes for itself.
  }
}
