// The browser's side of a request to the auth server (src/web/transport.rs), as JavaScript: the
// request's init, `fetch`, the headers read and the body's bytes are a few lines here and cost the
// module far more as imports, objects and awaits (issue #13). Rust decides what to send and what
// the answer means.

// What an exception or a rejection says: an Error as `String(e)` ("TypeError: Failed to fetch"),
// a thrown string as itself, anything else nothing.
const said = (e) => (e instanceof Error ? String(e) : typeof e == "string" ? e : "");

// `method url` with the browser's cookies for that site, and `body` (JSON text; "" for none) as
// `application/json`, aborted after `timeout` ms; or, with `probe`, a `no-cors` GET without
// credentials (its answer is opaque: it only tells a server that refuses this page's origin by
// CORS from one that is unreachable). Resolves `[status, body bytes, set-auth-jwt, x-retry-after
// or retry-after]` (headers absent: null); or, with no answer, "0" and what the failure said
// (offline, CORS, reset, timeout, a body that broke off); or "1" and what the browser said when it
// would not build the request (a URL it refuses). Never rejects.
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
    const bytes = new Uint8Array(await response.arrayBuffer());
    return [response.status, bytes, header("set-auth-jwt"), header("x-retry-after") ?? header("retry-after")];
  } catch (e) {
    return "0" + said(e);
  }
}
