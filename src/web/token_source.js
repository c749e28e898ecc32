// The browser's side of the key set kept in localStorage across page loads (`cacheJwks`,
// src/web/token_source.rs), as JavaScript: the storage calls and the entry's wrapper are a few
// lines here and cost the module more as imports and a JSON object of its own (issue #13). The
// key set itself is read by Rust's strict parser, which decides whether it is usable.
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
