// The browser's side of `authFetch` (src/web/fetch.rs), as JavaScript: building the `Request`,
// copying it with the token, the `onRequest`/`onResponse` hooks and `fetch` are a few lines here
// and cost the module far more as imports and awaits (issue #13). Rust decides which origins get
// a token, which token, and whether to retry.

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
