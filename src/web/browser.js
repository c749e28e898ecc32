// The browser's side of src/web's calls, as JavaScript: each JavaScript object, promise, await
// and closure costs the .wasm far more than the same lines cost here (issue #13). Each function
// makes the browser calls of one Rust caller and says what happened; Rust decides what to do, and
// writes every error's text. One module for all of them: the package's build bundles it into the
// glue, and the test runner's page loads one file rather than one per caller.

// ---- src/web/transport.rs -----------------------------------------------------------------------------

// Rust decides what to send and what the answer means.

// What an exception or a rejection says: an Error as `String(e)` ("TypeError: Failed to fetch"),
// a thrown string as itself, anything else nothing. The name is kept because the transport's
// errors have always reported it (a `TypeError` is the network; an `AbortError`, the timeout);
// WebCrypto's errors below report the message alone (`thrown`).
const said = (e) => (e instanceof Error ? String(e) : typeof e == "string" ? e : "");

// `method url` with the browser's cookies for that site, and `body` (JSON text; "" for none) as
// `application/json`, aborted after `timeout` ms; or, with `probe`, a `no-cors` GET without
// credentials (its answer is opaque: it only tells a server that refuses this page's origin by
// CORS from one that is unreachable). Resolves `[status, body text, set-auth-jwt, x-retry-after
// or retry-after, the text as JSON]` (headers absent: null; the text as `Response.text()` decodes
// it, as UTF-8 with U+FFFD for what is not, and the JSON as `JSON.parse` reads that, `undefined`
// when it is not JSON: the way Better Auth's client reads an answer); or, with no answer, "0"
// and what the failure said (offline, CORS, reset, timeout, a body that broke off); or "1" and
// what the browser said when it would not build the request (a URL it refuses). Never rejects.
export async function send(method, url, body, timeout, probe) {
  const init = { method, credentials: probe ? "omit" : "include", signal: AbortSignal.timeout(timeout) };
  if (probe) init.mode = "no-cors";
  if (body) {
    // Better Auth ignores a body that has no JSON content-type.
    init.headers = { "content-type": "application/json" };
    init.body = body;
  }
  let request;
  try {
    request = new Request(url, init);
  } catch (e) {
    return "1" + said(e);
  }
  try {
    const response = await fetch(request);
    if (!(response instanceof Response)) return "0";
    const header = (name) => response.headers.get(name);
    const text = await response.text();
    let data;
    try {
      data = JSON.parse(text);
    } catch {}
    return [response.status, text, header("set-auth-jwt"), header("x-retry-after") ?? header("retry-after"), data];
  } catch (e) {
    return "0" + said(e);
  }
}

// ---- src/web/fetch.rs ---------------------------------------------------------------------------------

// `authFetch`: Rust decides which origins get a token, which token, and whether to retry.

// `new Request(input, init)` from `fetch`'s arguments: `input` a string, a URL or a Request;
// `init` only when it is an object. `undefined` for any other `input` (Rust's error); throws what
// the browser throws (a URL it refuses).
export function request(input, init) {
  init = typeof init == "object" && init ? init : undefined;
  if (input instanceof URL) input = input.href;
  return typeof input == "string" || input instanceof Request ? new Request(input, init) : undefined;
}

// One attempt: a copy of `request` with `Authorization: Bearer <token>` (`request` itself when
// `token` is ""), which `onRequest(copy)` may replace with a Request it returns; `fetch`; then
// `onResponse(response)`. Resolves the response; rejects like `fetch`, with what a hook throws,
// or with what `fetch` resolved when that is not a Response.
export async function attempt(request, token, onRequest, onResponse) {
  if (token) {
    // A copy per attempt: the caller's Request (and its body) stays untouched for the retry.
    request = request.clone();
    request.headers.set("authorization", "Bearer " + token);
  }
  if (onRequest) {
    const replaced = onRequest(request);
    if (replaced instanceof Request) request = replaced;
  }
  const response = await fetch(request);
  if (!(response instanceof Response)) throw response;
  if (onResponse) onResponse(response);
  return response;
}

// ---- src/web/webcrypto.rs -----------------------------------------------------------------------------

// A signature check: `crypto.subtle.importKey("jwk", ...)` then `verify`, or, for Ed25519 where
// WebCrypto has none, the verifier `load` gives. The Rust core has already chosen and checked the
// key and the signature's format; this says what happened, as a code (the first character) and a
// thrown message. Every path is covered by tests/jwt_webcrypto.rs in the browsers.
//
// Answers: "1" the signature verifies; "0" it does not (or verifying threw); "2" + message:
// WebCrypto refused the key; "3": no `crypto.subtle` for an algorithm other than Ed25519; "4": no
// Ed25519 verifier to load; "5" + message: it did not load; "6": what loaded is not a function.
//
// The byte arrays are views of the module's memory, copied before anything is awaited.

// What an exception says, without its name: Rust puts its own words before it ("WebCrypto refused
// the JWKS key: ", "... the verifier did not load: "), as it did before this was JavaScript.
const thrown = (e) => (typeof e?.message == "string" ? e.message : "");

export async function verify(key, name, namedCurve, hash, saltLength, signature, data, ed25519Key, load) {
  [signature, data, ed25519Key] = [signature.slice(), data.slice(), ed25519Key.slice()];
  const subtle = globalThis.crypto?.subtle;
  let imported;
  if (subtle && typeof subtle == "object") {
    try {
      imported = await subtle.importKey("jwk", key, namedCurve ? { name, namedCurve } : { name, hash }, false, ["verify"]);
    } catch (e) {
      // A browser without WebCrypto Ed25519; a key's own faults are `DataError`s.
      if (!ed25519Key.length || e?.name != "NotSupportedError") return "2" + thrown(e);
    }
  }
  if (imported) {
    const algorithm = saltLength ? { name, saltLength } : namedCurve ? { name, hash } : { name };
    try {
      return (await subtle.verify(algorithm, imported, signature, data)) === true ? "1" : "0";
    } catch {
      return "0";
    }
  }
  if (!ed25519Key.length) return "3";
  if (typeof load != "function") return "4";
  let verifier;
  try {
    verifier = await load();
  } catch (e) {
    return "5" + thrown(e);
  }
  if (typeof verifier != "function") return "6";
  try {
    return verifier(ed25519Key, data, signature) === true ? "1" : "0";
  } catch {
    return "0";
  }
}

// ---- src/web/tabs.rs ----------------------------------------------------------------------------------

// Rust decides when to take the lock, how long to wait, when to release it, and what the
// messages say.

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

// ---- src/web/token_source.rs --------------------------------------------------------------------------

// The key set kept in localStorage across page loads (`cacheJwks`). The key set itself is read by
// Rust's strict parser, which decides whether it is usable.
//
// The entry is `{"fetched_at_ms": <ms>, "body": "<the key set's JSON text>"}` (public keys only:
// nothing secret). Storage may be missing (a worker), disabled or full: nothing is thrown.

// `[fetched_at_ms, body]` from the entry `key`, or `undefined` when there is none or it is not
// one (a wrong type, a time that is not a whole number of ms).
export function loadJwks(key) {
  try {
    const { fetched_at_ms: at, body } = JSON.parse(localStorage.getItem(key));
    if (Number.isSafeInteger(at) && at >= 0 && typeof body == "string") return [at, body];
  } catch {
    // No storage, no entry (`null` has no members), or not JSON.
  }
}

// Writes the entry `key`.
export function storeJwks(key, at, body) {
  try {
    localStorage.setItem(key, JSON.stringify({ fetched_at_ms: at, body }));
  } catch {
    // Storage disabled or full: the in-memory cache still works.
  }
}

// ---- src/web/listeners.rs -----------------------------------------------------------------------------

// The catch-up after a frozen timer: Rust decides what each event means for the token.

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

// ---- src/web/client.rs ---------------------------------------------------------------------------------

// The page's origin; `undefined` outside a window (in a worker).
export function origin() {
  return typeof window == "object" && window ? window.location.origin : undefined;
}

// The page goes to `url` (a sign-in's callbackURL, which Rust checked is on the page's origin).
export function go(url) {
  try {
    window.location.href = url;
  } catch {
    // Not in a window: nowhere to go.
  }
}

// ---- src/web/js.rs -------------------------------------------------------------------------------------

// An error's `{ code, message, status }` (the state's `error`); `thrown`: the same members on an
// `Error` named "BetterAuthWasmError", to reject or throw with.
export function failure(code, message, status, thrown) {
  const fields = { code, message, status };
  return thrown ? Object.assign(new Error(message), { name: "BetterAuthWasmError" }, fields) : fields;
}

// ---- src/web/inner.rs ----------------------------------------------------------------------------------

// The lifecycle's single timer: `fire()` once the time armed last has run out, unless disarmed.
// Where the scope has no timers, arming does nothing (never throws into Rust).
export class Timer {
  constructor(fire) {
    this.fire = fire;
  }

  arm(ms) {
    try {
      this.disarm();
      this.handle = setTimeout(this.fire, ms);
    } catch {
      // No setTimeout/clearTimeout here.
    }
  }

  disarm() {
    if (this.handle !== undefined) clearTimeout(this.handle);
  }
}

// The client's state, frozen (`getState()` answers it until something changes): `user` and
// `session` from `data` (the session's last `{ user, session }`) only while authenticated; `null`
// for what is absent.
export function state(status, data, expiresAt, generation, lifecycle, error) {
  const shown = status == "authenticated" && data ? data : {};
  return Object.freeze({
    status,
    user: shown.user ?? null,
    session: shown.session ?? null,
    tokenExpiresAt: expiresAt ?? null,
    tokenGeneration: generation ?? null,
    lifecycle,
    error,
  });
}

// ---- src/json/browser.rs ------------------------------------------------------------------------------

// JSON bytes the crate verifies (a token's parts, a key set), read: `[value]`; 0 when they are not
// UTF-8 (as Rust's `from_utf8` refuses them: surrogates and overlong forms included; a BOM is
// kept, and then is not JSON); 1 when the text is not exactly one JSON value.
export function json(bytes) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return 0;
  }
  try {
    return [JSON.parse(text)];
  } catch {
    return 1;
  }
}

// ---- src/web/tasks.rs ----------------------------------------------------------------------------------

// The module's executor: the tasks by number, each a function that polls its future once. A task
// is polled in a microtask after it is spawned and after each wake-up (once however many
// wake-ups come before that microtask runs), until Rust says it is done, with its outcome: the
// promise `spawn` returned settles with it.
const tasks = new Map();
let lastTask = 0;

export function spawn(poll) {
  const [promise, resolve, reject] = deferred();
  tasks.set(++lastTask, [poll, 0, resolve, reject]);
  wake(lastTask);
  return promise;
}

export function wake(id) {
  const task = tasks.get(id);
  if (task && !task[1]) {
    task[1] = 1;
    queueMicrotask(() => {
      task[1] = 0;
      task[0](id);
    });
  }
}

export function done(id, ok, value) {
  tasks.get(id)?.[ok ? 2 : 3](value);
  tasks.delete(id);
}

// `fill([1, value])` or `fill([0, reason])` once `promise` settles: Rust's `Settled` future.
export function watch(promise, fill) {
  promise.then((value) => fill([1, value]), (reason) => fill([0, reason]));
}

// `[promise, resolve, reject]`: a promise and the functions that settle it.
function deferred() {
  let settle;
  const promise = new Promise((...functions) => (settle = functions));
  return [promise, ...settle];
}
