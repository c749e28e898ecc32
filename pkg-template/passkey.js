// @ts-check
// Passkeys: the WebAuthn ceremony through `navigator.credentials`, loaded by index.js on the first
// `signIn.passkey` / `passkey.addPasskey` (pages that never use passkeys never download it). The
// server's options are read and checked here, their binary members become `ArrayBuffer`s, the
// browser is asked, and its credential goes back in the JSON Better Auth's passkey plugin
// (`@simplewebauthn/server`) verifies. Both requests go through the wasm client's `request`, the
// session funnel: its route table says that a passkey sign-in creates a session, so the JWT is
// minted and the other tabs are told before the call resolves.
//
// One ceremony at a time, as the browser allows: a new one aborts the pending one (a modal sign-in
// ends a waiting autofill sign-in), as do the call's `signal` and `dispose()`.
// Type-checked with index.js (scripts/test-pkg.sh); tested by tests/pkg/passkey.test.mjs.
/** @typedef {(what: number, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => any} WasmAuthClient index.js's */
/** @typedef {import("./index.js").AddPasskeyOptions & import("./index.js").SignInPasskeyOptions} PasskeyOptions */
/** @typedef {(code: string, message: string) => Error} MakeError */
/** @typedef {Record<string, any>} Json */
/**
 * The server's options, checked, with their binary members decoded.
 * @typedef {{ json: Json, challenge: Uint8Array, userId: Uint8Array | null, credentialIds: Uint8Array[], rpId: string | null }} Options
 */
/**
 * What an authenticator answered, as bytes (`null`: the browser gave none).
 * @typedef {{ rawId: Uint8Array | null, clientDataJSON: Uint8Array | null, attestationObject: Uint8Array | null,
 *   authenticatorData: Uint8Array | null, signature: Uint8Array | null, userHandle: Uint8Array | null,
 *   publicKey: Uint8Array | null, publicKeyAlgorithm: number | null, transports: string[],
 *   authenticatorAttachment: string | null, clientExtensionResults: unknown }} Credential
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Strict base64url without padding, as the JWTs are read: the alphabet `A-Z a-z 0-9 - _` only, a
 * length that is not 1 modulo 4, and the unused bits of the last character zero, so each byte
 * string has exactly one encoding. `null` otherwise (and for anything but a string).
 * @param {unknown} text
 * @returns {Uint8Array | null}
 */
export function decode(text) {
  if (typeof text !== "string" || text.length % 4 === 1) return null;
  /** @type {number[]} */
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push(acc >> bits);
      acc &= (1 << bits) - 1;
    }
  }
  // What is left (0, 2 or 4 bits) encodes nothing and must be zero.
  return acc === 0 ? new Uint8Array(out) : null;
}

/**
 * Base64url without padding: the one encoding `decode` accepts.
 * @param {Uint8Array} bytes
 */
export function encode(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** @param {unknown} v */
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The functions of one client's ceremonies. `error` makes the errors (index.js's `wasmError`, so
 * they are `BetterAuthWasmError`s like the client's others); `disposed` says whether the client
 * was disposed.
 * @param {MakeError} error
 * @param {() => boolean} disposed
 */
export function passkeys(error, disposed) {
  /** @param {string} what */
  const invalid = (what) => error("INVALID_RESPONSE", `passkey options: ${what}`);
  /**
   * @param {unknown} value
   * @param {string} what
   */
  const binary = (value, what) => {
    const b = decode(value);
    if (!b) throw invalid(`\`${what}\` is not base64url`);
    return b;
  };
  /** @param {string} why */
  const unsupported = (why) => error("PASSKEY_UNSUPPORTED", why);

  /**
   * Reads the options of a ceremony (`create`: registration, else sign-in) from the server's
   * `answer` (changed in place: it is the browser's options once `publicKeyOptions` has its
   * bytes), merging the caller's `extensions` over the server's, as Better Auth's client does.
   * `conditional`: a sign-in offered in the browser's autofill, which lists no credentials (the
   * browser offers every passkey it holds for the site). Only what the browser cannot check
   * itself is checked: the bytes. The other members (`rp.name`, `user.name`, `pubKeyCredParams`...)
   * reach the browser as sent, and its TypeError names any that is missing.
   * @param {boolean} create
   * @param {unknown} answer
   * @param {Json | null | undefined} extensions
   * @param {boolean} conditional
   * @returns {Options}
   * @throws `INVALID_RESPONSE` naming the member that is missing, of the wrong type, or not strict
   *   base64url; a challenge shorter than 16 bytes (WebAuthn asks for at least 16 random bytes).
   */
  function readOptions(create, answer, extensions, conditional) {
    if (!isObject(answer)) throw invalid("not an object");
    const json = /** @type {Json} */ (answer);
    const challenge = binary(json.challenge, "challenge");
    if (challenge.length < 16) throw invalid("`challenge` is shorter than 16 bytes");
    let userId = null;
    let rpId = json.rpId;
    if (create) {
      userId = binary(isObject(json.user) ? json.user.id : undefined, "user.id");
      if (userId.length === 0 || userId.length > 64) throw invalid("`user.id` is not 1 to 64 bytes");
      rpId = isObject(json.rp) ? json.rp.id : undefined;
    }
    const member = create ? "excludeCredentials" : "allowCredentials";
    if (conditional) delete json[member];
    /** @type {Uint8Array[]} */
    const credentialIds = [];
    const list = json[member];
    if (Array.isArray(list)) {
      for (const c of list) {
        const id = binary(isObject(c) ? c.id : undefined, `${member}[].id`);
        if (id.length === 0) throw invalid(`\`${member}[].id\` is empty`);
        credentialIds.push(id);
      }
    } else if (list != null) {
      throw invalid(`\`${member}\` is not a list`);
    }
    if (isObject(extensions)) {
      if (!Object.hasOwn(json, "extensions")) json.extensions = {};
      if (isObject(json.extensions)) Object.assign(json.extensions, extensions);
    }
    return { json, challenge, userId, credentialIds, rpId: typeof rpId === "string" ? rpId : null };
  }

  /**
   * Refuses a relying party ID that the browser would refuse on a page of `host` (the page's
   * `location.hostname`), with a message that names both: WebAuthn accepts the page's host name
   * or a parent domain of it, and never an IP address.
   * @param {string | null} rpId
   * @param {string} host
   * @throws `PASSKEY_RP_ID_MISMATCH`.
   */
  function checkRpId(rpId, host) {
    host = host.toLowerCase();
    if (host.startsWith("[") || /^[\d.]*$/.test(host)) {
      throw error(
        "PASSKEY_RP_ID_MISMATCH",
        `this page's host ${JSON.stringify(host)} is an IP address, which WebAuthn never accepts as a relying party ID: serve the page and the auth server under a domain name (\`localhost\` in development)`,
      );
    }
    if (rpId === null) return;
    const rp = rpId.toLowerCase();
    if (rp !== "" && (host === rp || host.endsWith(`.${rp}`))) return;
    throw error(
      "PASSKEY_RP_ID_MISMATCH",
      `the server's passkey relying party ID ${JSON.stringify(rpId)} does not match this page's host ${JSON.stringify(host)}: set the passkey plugin's \`rpID\` to the page's domain or a parent domain of it`,
    );
  }

  /**
   * The options object for the browser: the server's JSON, its binary members as `ArrayBuffer`s.
   * @param {boolean} create
   * @param {Options} options
   */
  function publicKeyOptions(create, options) {
    /** @param {Uint8Array} b */
    const buffer = (b) => b.slice().buffer;
    const js = options.json;
    js.challenge = buffer(options.challenge);
    if (options.userId) js.user.id = buffer(options.userId);
    const list = js[create ? "excludeCredentials" : "allowCredentials"];
    options.credentialIds.forEach((id, i) => {
      list[i].id = buffer(id);
    });
    return js;
  }

  /**
   * The `RegistrationResponseJSON` / `AuthenticationResponseJSON` that the server verifies: `id`
   * and `rawId` (the same base64url), `type`, `response` with its base64url members,
   * `clientExtensionResults` and `authenticatorAttachment`.
   * @param {boolean} create
   * @param {Credential} c
   * @throws `INVALID_RESPONSE` when a member the ceremony needs is missing (the browser answered
   *   something that is not a credential of this ceremony).
   */
  function credentialJSON(create, c) {
    /** @param {string} what */
    const missing = (what) => error("INVALID_RESPONSE", `passkey credential: no \`${what}\``);
    if (!c.rawId || c.rawId.length === 0) throw missing("rawId");
    /** @type {Json} */
    const response = { clientDataJSON: encode(c.clientDataJSON || new Uint8Array()) };
    if (c.authenticatorData) response.authenticatorData = encode(c.authenticatorData);
    if (create) {
      if (!c.attestationObject) throw missing("response.attestationObject");
      response.attestationObject = encode(c.attestationObject);
      if (c.publicKey) response.publicKey = encode(c.publicKey);
      if (c.publicKeyAlgorithm !== null) response.publicKeyAlgorithm = c.publicKeyAlgorithm;
      response.transports = c.transports;
    } else {
      if (!c.authenticatorData) throw missing("response.authenticatorData");
      if (!c.signature) throw missing("response.signature");
      response.signature = encode(c.signature);
      // No user handle: the member is left out, as @simplewebauthn/browser does.
      if (c.userHandle) response.userHandle = encode(c.userHandle);
    }
    const id = encode(c.rawId);
    /** @type {Json} */
    const out = { id, rawId: id, type: "public-key", response, clientExtensionResults: {} };
    // As JSON (members the JSON text cannot hold, such as bytes, become `{}`).
    try {
      const ext = JSON.parse(JSON.stringify(c.clientExtensionResults));
      if (isObject(ext)) out.clientExtensionResults = ext;
    } catch {
      // Not JSON: none.
    }
    if (c.authenticatorAttachment !== null) out.authenticatorAttachment = c.authenticatorAttachment;
    return out;
  }

  /**
   * What a refusal of `navigator.credentials.create` / `get` means, from the `DOMException`'s
   * `name` and `message` (the browser's words are kept in the message).
   * @param {boolean} create
   * @param {string} name
   * @param {string} message
   */
  function refusal(create, name, message) {
    const [code, what] =
      name === "NotAllowedError"
        ? ["PASSKEY_CANCELLED", "the passkey ceremony was cancelled or timed out"]
        : name === "AbortError"
          ? ["PASSKEY_ABORTED", "the passkey ceremony was aborted (another one started, or the caller cancelled it)"]
          : name === "InvalidStateError" && create
            ? ["PASSKEY_ALREADY_REGISTERED", "this authenticator already holds a passkey for this account"]
            : name === "SecurityError"
              ? ["PASSKEY_RP_ID_MISMATCH", "the browser refused the relying party ID for this page"]
              : name === "NotSupportedError"
                ? ["PASSKEY_UNSUPPORTED", "no authenticator here supports what the server asks"]
                : ["PASSKEY_FAILED", "the passkey ceremony failed"];
    return error(code, `${what} (${name}: ${message})`);
  }

  /**
   * `target[name]()` when it is a function; `undefined` otherwise or when it throws (the getters
   * of WebAuthn Level 2/3 are missing in older browsers).
   * @param {any} target
   * @param {string} name
   * @returns {any}
   */
  const call = (target, name) => {
    try {
      return typeof target[name] === "function" ? target[name]() : undefined;
    } catch {
      return undefined;
    }
  };

  /**
   * The bytes of an `ArrayBuffer` (or a view), `null` for anything else.
   * @param {unknown} v
   */
  const bytes = (v) =>
    v instanceof ArrayBuffer ? new Uint8Array(v.slice(0)) : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)) : null;

  /**
   * Reads a `PublicKeyCredential` into bytes.
   * @param {any} credential
   * @returns {Credential}
   */
  function readCredential(credential) {
    const response = credential.response || {};
    const algorithm = call(response, "getPublicKeyAlgorithm");
    // Only a registration's response has getTransports.
    const transports = call(response, "getTransports");
    return {
      rawId: bytes(credential.rawId),
      clientDataJSON: bytes(response.clientDataJSON),
      attestationObject: bytes(response.attestationObject),
      authenticatorData: bytes(response.authenticatorData) || bytes(call(response, "getAuthenticatorData")),
      signature: bytes(response.signature),
      userHandle: bytes(response.userHandle),
      publicKey: bytes(call(response, "getPublicKey")),
      publicKeyAlgorithm: typeof algorithm === "number" && Number.isFinite(algorithm) ? Math.trunc(algorithm) : null,
      transports: Array.isArray(transports) ? transports.filter((t) => typeof t === "string") : [],
      authenticatorAttachment: typeof credential.authenticatorAttachment === "string" ? credential.authenticatorAttachment : null,
      clientExtensionResults: call(credential, "getClientExtensionResults"),
    };
  }

  /** `navigator.credentials` where WebAuthn can run; `PASSKEY_UNSUPPORTED` saying why otherwise. */
  function credentials() {
    const g = /** @type {any} */ (globalThis);
    if (g.PublicKeyCredential === undefined) {
      throw unsupported(
        g.isSecureContext === false
          ? "WebAuthn needs a secure context: serve the page over https (or from localhost)"
          : "this browser has no WebAuthn (no PublicKeyCredential)",
      );
    }
    const container = g.navigator ? g.navigator.credentials : undefined;
    if (container === undefined) throw unsupported("this browser has no navigator.credentials");
    return /** @type {CredentialsContainer} */ (container);
  }

  /**
   * Whether the browser offers passkeys in its autofill, and the page has the field to offer them
   * in: `PASSKEY_AUTOFILL_UNSUPPORTED` or `INVALID_CONFIG` otherwise.
   */
  async function checkAutofill() {
    const asked = call(/** @type {any} */ (globalThis).PublicKeyCredential, "isConditionalMediationAvailable");
    const available = asked instanceof Promise && (await asked.catch(() => false)) === true;
    if (!available) {
      throw error(
        "PASSKEY_AUTOFILL_UNSUPPORTED",
        "this browser offers no passkeys in autofill (isConditionalMediationAvailable is false): call signIn.passkey() without autoFill",
      );
    }
    let field = null;
    try {
      field = document.querySelector("input[autocomplete$='webauthn']");
    } catch {
      // No document: no field.
    }
    if (!field) throw error("INVALID_CONFIG", 'signIn.passkey: autoFill needs an <input autocomplete="username webauthn"> on the page');
  }

  /** The pending ceremony's controller. @type {AbortController | null} */
  let pending = null;

  /** Aborts the pending ceremony, if any (its call answers `PASSKEY_ABORTED`). */
  function cancel() {
    const c = pending;
    pending = null;
    if (c) c.abort();
  }

  /**
   * Asks the browser with `options`; the refusal's code says what happened.
   * @param {CredentialsContainer} container
   * @param {boolean} create
   * @param {Options} options
   * @param {boolean} conditional
   * @param {AbortSignal | undefined} signal the caller's: aborts this ceremony (not a later one)
   */
  async function ask(container, create, options, conditional, signal) {
    cancel();
    if (typeof AbortController === "undefined") throw unsupported("this browser has no AbortController");
    const controller = new AbortController();
    pending = controller;
    const abort = () => controller.abort();
    if (signal && signal.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    /** @type {any} */
    const request = { publicKey: publicKeyOptions(create, options), signal: controller.signal };
    if (!create && conditional) request.mediation = "conditional";
    let credential;
    /** @type {any} */
    let failure = null;
    try {
      credential = await (create ? container.create(request) : container.get(request));
    } catch (e) {
      failure = e || {};
    }
    signal?.removeEventListener("abort", abort);
    // This ceremony is over: forget its controller unless a newer one replaced it.
    if (pending === controller) pending = null;
    if (disposed()) throw error("CLIENT_DISPOSED", "the client was disposed");
    if (failure) {
      const text = (/** @type {unknown} */ v) => (typeof v === "string" ? v : "");
      throw refusal(create, text(failure.name), text(failure.message));
    }
    if (credential == null) throw refusal(create, "NotAllowedError", "no credential");
    return readCredential(credential);
  }

  /**
   * A passkey ceremony, as index.js's `passkey.addPasskey` (`create`) and `signIn.passkey` call
   * it: the server's options (`GET`, with the registration's `name`, `context` and
   * `authenticatorAttachment` as the query), the browser's ceremony (in the autofill with
   * `autoFill`), then the server's check (`POST` with `name` and `createSession`, and the
   * credential as `response`), which for a sign-in creates the session. `extensions` are merged
   * over the server's; `signal` aborts the ceremony.
   * @param {WasmAuthClient} c
   * @param {boolean} create
   * @param {PasskeyOptions} opts
   * @returns {Promise<any>} the verification's data; rejects with the server's error or a coded one
   */
  async function run(c, create, opts) {
    const { name, context, authenticatorAttachment, createSession, autoFill, extensions, signal } = opts;
    if (authenticatorAttachment !== undefined && authenticatorAttachment !== "platform" && authenticatorAttachment !== "cross-platform") {
      throw error("INVALID_CONFIG", 'passkey.addPasskey: `authenticatorAttachment` must be "platform" or "cross-platform"');
    }
    if (signal && signal.aborted) throw error("PASSKEY_ABORTED", "the signal was already aborted");
    if (extensions != null && !isObject(extensions)) throw error("INVALID_CONFIG", "passkey: `extensions` must be an object");
    const conditional = Boolean(autoFill);
    // Before anything is sent: a browser without WebAuthn makes no request.
    const container = credentials();
    if (conditional) await checkAutofill();
    const [optionsPath, verifyPath] = create
      ? ["/passkey/generate-register-options", "/passkey/verify-registration"]
      : ["/passkey/generate-authenticate-options", "/passkey/verify-authentication"];
    const query = create ? { name, context, authenticatorAttachment } : undefined;
    // The client's requests resolve their data, and reject with the server's error.
    const options = readOptions(create, await c(4, "GET", optionsPath, undefined, query), extensions, conditional);
    checkRpId(options.rpId, globalThis.location ? location.hostname : "");
    const credential = await ask(container, create, options, conditional, signal);
    // JSON drops the members left undefined (the server refuses a `name: null`).
    const body = JSON.parse(JSON.stringify(create ? { name, createSession } : {}));
    body.response = credentialJSON(create, credential);
    return c(4, "POST", verifyPath, body, undefined);
  }

  return { run, cancel, readOptions, checkRpId, publicKeyOptions, credentialJSON, readCredential, refusal };
}
