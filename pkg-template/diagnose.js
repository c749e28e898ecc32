// @ts-check
// `auth.diagnose()`, loaded on first use (a dynamic import of index.js): checks a live setup, one
// request at a time, and says what to fix. Type-checked with index.js (scripts/test-pkg.sh).
/** @typedef {import("./index.js").AuthClient} AuthClient */
/** @typedef {import("./index.js").AuthClientOptions} AuthClientOptions */
/** @typedef {(what: number, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => any} WasmAuthClient index.js's */

/**
 * The site of a URL as SameSite cookies see it: the host, reduced to its last two labels for a
 * domain name (an approximation of the registrable domain, as src/api/misconfig.rs).
 * @param {string} url
 */
function siteOf(url) {
  const host = new URL(url).hostname;
  return /^[\d.]+$|^\[/.test(host) ? host : host.split(".").slice(-2).join(".");
}

/**
 * `fetch` that resolves `null` instead of rejecting.
 * @param {string} url
 * @param {RequestInit} [init]
 */
const tryFetch = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }).catch(() => null);

/**
 * `auth.diagnose()`: checks a live setup, one request at a time, and says what to fix.
 * @param {Pick<AuthClient, "token">} auth
 * @param {AuthClientOptions} options
 * @param {() => Promise<WasmAuthClient>} get
 * @returns {Promise<import("./index.js").Diagnosis>}
 */
export async function diagnose(auth, options, get) {
  /** @type {import("./index.js").DiagnosisCheck[]} */
  const checks = [];
  /**
   * @param {string} name
   * @param {boolean | null} ok `null`: not checked
   * @param {string} detail
   */
  const check = (name, ok, detail) => checks.push({ name, status: ok === null ? "skipped" : ok ? "ok" : "failed", detail });
  const done = () => ({
    ok: checks.every((c) => c.status !== "failed"),
    checks,
    toString: () => checks.map((c) => `${{ ok: "✓", failed: "✗", skipped: "–" }[c.status]} ${c.name}: ${c.detail}`).join("\n"),
  });
  let c;
  try {
    c = await get();
  } catch (err) {
    check("options", false, err instanceof Error ? `${/** @type {{ code?: string }} */ (err).code || err.name}: ${err.message}` : String(err));
    return done();
  }
  const page = location.origin;
  const base = /** @type {string} */ (await c(3));
  check("options", true, `baseURL + basePath = ${base}; apiOrigins = [${(options.apiOrigins || []).join(", ")}]`);
  const url = `${base}/get-session`;
  const res = await tryFetch(url, { credentials: "include" });
  if (!res) {
    const answers = (await tryFetch(url, { mode: "no-cors" })) !== null;
    check("auth server reachable", answers, answers ? `GET ${url} answers` : `GET ${url} got no answer: check baseURL, and that the server runs`);
    check(
      "CORS allows this page",
      answers ? false : null,
      answers
        ? `the server's answer is refused for ${page}: add ${page} to its trustedOrigins and answer it with Access-Control-Allow-Origin: ${page} and Access-Control-Allow-Credentials: true`
        : "not checked: no answer",
    );
    return done();
  }
  check("auth server reachable", res.status !== 404, res.status === 404 ? `GET ${url} answered 404: no Better Auth handler at ${base} (check basePath)` : `GET ${url} answered ${res.status}`);
  check("CORS allows this page", true, `${page} is allowed, with credentials`);
  const sameSite = siteOf(page) === siteOf(base);
  check(
    "same site",
    sameSite,
    sameSite
      ? `the page and the auth server are both on the site ${siteOf(page)}`
      : `the page (${siteOf(page)}) and the auth server (${siteOf(base)}) are different sites: the SameSite=Lax session cookie will not be stored; serve both from one site`,
  );
  const body = res.ok ? await res.json().catch(() => undefined) : undefined;
  const email = body && body.user && body.user.email;
  check("session cookie stored", body ? true : null, body ? `signed in as ${email}` : "nobody is signed in here: sign in, then diagnose again to check the cookie and the JWT");
  if (body) {
    const { error } = await auth.token();
    check("JWT verifies", !error, error ? `${error.code}: ${error.message}` : `GET ${base}/token gave a token that verifies against ${base}${options.jwksPath || "/jwks"}`);
    const claim = (/** @type {string} */ name, /** @type {string} */ prefix, /** @type {string} */ fine) => {
      if (!error) check(name, true, fine);
      else if (error.code.startsWith(prefix)) check(name, false, error.message);
      else check(name, null, "not checked: the token did not verify");
    };
    claim("issuer matches", "JWT_ISSUER", `iss is ${options.issuer || new URL(base).origin}`);
    claim("audience matches", "JWT_AUDIENCE", "aud holds the expected audience");
  }
  for (const origin of options.apiOrigins || []) {
    // A dummy Authorization header (never the token) makes the browser ask the API's CORS.
    const api = await tryFetch(`${origin}/`, { headers: { authorization: "Bearer diagnose" } });
    const answers = api !== null || (await tryFetch(`${origin}/`, { mode: "no-cors" })) !== null;
    check(
      `API ${origin}`,
      api !== null,
      api
        ? `answers ${page} with an Authorization header (HTTP ${api.status})`
        : answers
          ? `answers, but its CORS does not allow the Authorization header from ${page}`
          : "got no answer",
    );
  }
  return done();
}

