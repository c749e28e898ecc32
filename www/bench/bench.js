// Bench-only page (bench/run.mjs drives it): loads better-auth-wasm from /pkg/, Better Auth's TS
// client and jose from esbuild bundles in /bench/dist/, and the verifier bench module from
// /bench/verify/. Everything runs on `window.bench`; `?load=ours|ts` measures a cold load instead
// (/bench/preload.html: the same page, whose HTML preloads the .wasm).
const config = await (await fetch("/config.json")).json();
const authBase = config.authUrl + config.basePath;
const api = config.apiUrl;
const params = new URLSearchParams(location.search);
const now = () => performance.now();

async function loadOurs() {
  const t0 = now();
  const m = await import("/pkg/index.js");
  const t1 = now();
  await m.init();
  const t2 = now();
  const auth = m.createAuthClient({ baseURL: config.authUrl, basePath: config.basePath, jwksPath: config.jwksPath, apiOrigins: [api] });
  await new Promise((res) => {
    const un = auth.subscribe((e) => {
      if (e.state && e.state.status !== "loading") {
        un();
        res();
      }
    });
  });
  const t3 = now();
  // sinceNavigationMs: performance.now() counts from the navigation's start, so it includes the
  // HTML, this script and /config.json, and what a preload of the .wasm overlaps with them.
  return { auth, timings: { importMs: t1 - t0, instantiateMs: t2 - t1, readyMs: t3 - t2, totalMs: t3 - t0, sinceNavigationMs: t3 } };
}

async function loadTs() {
  const t0 = now();
  const m = await import("/bench/dist/ts-client.js");
  const t1 = now();
  const client = m.createAuthClient({ baseURL: config.authUrl, basePath: config.basePath, plugins: [m.jwtClient()] });
  await client.getSession();
  const t3 = now();
  return { client, timings: { importMs: t1 - t0, instantiateMs: 0, readyMs: t3 - t1, totalMs: t3 - t0, sinceNavigationMs: t3 } };
}

const bench = {
  config,
  async loadOurs() {
    const r = await loadOurs();
    window.auth = r.auth;
    return r.timings;
  },
  async loadTs() {
    const r = await loadTs();
    window.tsClient = r.client;
    return r.timings;
  },
  async signUp(kind, email) {
    const body = { name: "Bench", email, password: "correct-horse-battery" };
    const res = kind === "ours" ? await window.auth.signUp.email(body) : await window.tsClient.signUp.email(body);
    if (res.error) throw new Error(JSON.stringify(res.error));
    return res.data.token;
  },
  /** n calls to the API with one of the three patterns; returns statuses. */
  async calls(kind, n) {
    const statuses = [];
    for (let i = 0; i < n; i++) {
      let r;
      if (kind === "ours") {
        r = await window.auth.fetch(`${api}/api/me`);
      } else if (kind === "ts") {
        const { data } = await window.tsClient.token();
        r = await fetch(`${api}/api/me`, { headers: { authorization: `Bearer ${data?.token}` } });
      } else {
        // What the seeds teach: get-session, then /token, before every request.
        await (await fetch(`${authBase}/get-session`, { credentials: "include" })).text();
        const { token } = await (await fetch(`${authBase}/token`, { credentials: "include" })).json();
        r = await fetch(`${api}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      }
      await r.text();
      statuses.push(r.status);
    }
    return statuses;
  },
  /** authFetch vs a raw fetch carrying the same Bearer token, interleaved; per-call ms. */
  async latency(n) {
    const { data } = await window.auth.token();
    const headers = { authorization: `Bearer ${data.token}` };
    const raw = [];
    const ours = [];
    for (let i = 0; i < n; i++) {
      let t = now();
      let r = await fetch(`${api}/api/me`, { headers });
      await r.text();
      raw.push(now() - t);
      t = now();
      r = await window.auth.fetch(`${api}/api/me`);
      await r.text();
      ours.push(now() - t);
      if (r.status !== 200) throw new Error(`auth.fetch: ${r.status}`);
    }
    return { raw, ours };
  },
  /** Verifications per second: the crate's verifier (wasm) vs jose, same token, same JWKS. */
  async verify(ms) {
    const { data } = await window.auth.token();
    const token = data.token;
    const jwksText = await (await fetch(`${authBase}${config.jwksPath}`)).text();
    const origin = new URL(config.authUrl).origin;
    const v = await import("/bench/verify/baw_verify_bench.js");
    await v.default();
    const jose = await import("/bench/dist/jose.js");
    const keys = jose.createLocalJWKSet(JSON.parse(jwksText));
    // Warm-up, and a check that both accept the token.
    if (v.verifyLoop(token, jwksText, origin, 10, Date.now() / 1000) !== 10) throw new Error("ours refused the token");
    await jose.jwtVerify(token, keys, { issuer: origin, audience: origin });
    let n = 0;
    let t0 = now();
    while (now() - t0 < ms) n += v.verifyLoop(token, jwksText, origin, 50, Date.now() / 1000);
    const oursPerS = (n * 1000) / (now() - t0);
    n = 0;
    t0 = now();
    while (now() - t0 < ms) {
      for (let i = 0; i < 50; i++) await jose.jwtVerify(token, keys, { issuer: origin, audience: origin });
      n += 50;
    }
    const josePerS = (n * 1000) / (now() - t0);
    return { oursPerS, josePerS };
  },
  /**
   * Verifications per second for each algorithm Better Auth signs with: this crate as the client
   * verifies (EdDSA in wasm, the others through WebCrypto; bench/verify-wasm's verifyLoopAsync)
   * vs jose's jwtVerify with createLocalJWKSet, on the same real Better Auth token and key set
   * (tests/fixtures, passed in by bench/algorithms.mjs), checked at a time inside their validity.
   */
  async verifyAlgorithms(fixtures, ms) {
    const v = await import("/bench/verify/baw_verify_bench.js");
    await v.default();
    const jose = await import("/bench/dist/jose.js");
    const out = {};
    for (const [alg, f] of Object.entries(fixtures)) {
      const jwksText = JSON.stringify(f.jwks);
      const keys = jose.createLocalJWKSet(f.jwks);
      const origin = f.baseURL;
      const at = f.iat + 1;
      const opts = { issuer: origin, audience: origin, currentDate: new Date(at * 1000) };
      if ((await v.verifyLoopAsync(f.token, jwksText, origin, 10, at)) !== 10) throw new Error(`ours refused the ${alg} token`);
      for (let i = 0; i < 10; i++) await jose.jwtVerify(f.token, keys, opts);
      let n = 0;
      let t0 = now();
      while (now() - t0 < ms) n += await v.verifyLoopAsync(f.token, jwksText, origin, 50, at);
      const oursPerS = (n * 1000) / (now() - t0);
      n = 0;
      t0 = now();
      while (now() - t0 < ms) {
        for (let i = 0; i < 50; i++) await jose.jwtVerify(f.token, keys, opts);
        n += 50;
      }
      const josePerS = (n * 1000) / (now() - t0);
      out[alg] = { oursPerS, josePerS, ratio: oursPerS / josePerS };
    }
    return out;
  },
  /**
   * Blocks the page's main thread until the token has expired (a sleeping laptop, a frozen tab:
   * no timer can run), then fires `n` concurrent auth.fetch calls. Returns their statuses.
   */
  async stormAtExpiry(n) {
    const expiresAt = window.auth.getState().tokenExpiresAt;
    while (Date.now() < expiresAt + 200) {
      // busy wait: timers cannot fire
    }
    const rs = await Promise.all(Array.from({ length: n }, () => window.auth.fetch(`${api}/api/me`)));
    return rs.map((r) => r.status);
  },
};
window.bench = bench;

const load = params.get("load");
if (load) {
  window.loadResult = await (load === "ours" ? bench.loadOurs() : bench.loadTs()).catch((e) => ({ error: String(e) }));
} else if (params.get("client") === "ours") {
  const m = await import("/pkg/index.js");
  window.auth = m.createAuthClient({
    baseURL: config.authUrl,
    basePath: config.basePath,
    jwksPath: config.jwksPath,
    apiOrigins: [api],
    crossTab: params.get("crossTab") !== "0",
  });
} else if (params.get("client") === "ts") {
  const m = await import("/bench/dist/ts-client.js");
  window.tsClient = m.createAuthClient({ baseURL: config.authUrl, basePath: config.basePath, plugins: [m.jwtClient()] });
}
document.body.dataset.ready = "true";
