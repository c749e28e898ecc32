// The demo resource API: a separate backend that trusts the auth server only through its JWKS.
// It verifies the Bearer JWT with jose (an independent, well-known verifier) and answers 401 with a
// JSON `detail` otherwise, like the FastAPI verifiers users write.
import { createServer } from "node:http";
import { createRemoteJWKSet, jwtVerify, errors } from "jose";
import { cors } from "./cors.mjs";

/**
 * Whether verification failed because the JWKS could not be fetched (the auth server is down or
 * answered garbage), not because of the token: the API answers 503, not 401, so that clients do
 * not take a healthy token for a bad one.
 */
function jwksUnavailable(err) {
  return (
    err instanceof errors.JWKSTimeout ||
    !(err instanceof errors.JOSEError) ||
    /JSON Web Key Set HTTP response/.test(err.message)
  );
}

function detailOf(err) {
  if (err instanceof errors.JWTExpired) return "Token expired";
  if (err instanceof errors.JWTClaimValidationFailed) return `Invalid claim: ${err.claim}`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return "Invalid signature";
  if (err instanceof errors.JWKSNoMatchingKey) return "No matching key";
  if (err instanceof errors.JOSEError) return `Invalid token (${err.code})`;
  return "Invalid token";
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req, limit = 1 << 20) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw new Error("body too large");
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Every algorithm Better Auth's jwt plugin signs with (`jwks.keyPairConfig.alg`). */
const ALGORITHMS = ["EdDSA", "ES256", "ES512", "RS256", "PS256"];

/**
 * @param {{jwksUrl: string, issuer: string, audience: string | string[], allowedOrigins: string[], authUrl: string,
 *   publishJwks?: (() => Promise<object>) | null, jwksCooldownMs?: number}} opts
 */
export function createApiServer(opts) {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), {
    ...(opts.jwksCooldownMs !== undefined && { cooldownDuration: opts.jwksCooldownMs }),
  });
  const counts = { requests: 0, authorized: 0, unauthorized: 0, unavailable: 0 };
  // Per user (`sub`): what this API answered, so that tests can count their own requests.
  const bySub = new Map();
  const subCounts = (sub) => {
    if (!bySub.has(sub)) bySub.set(sub, { requests: 0, authorized: 0, unauthorized: 0, revoked: 0 });
    return bySub.get(sub);
  };
  // Test hook: users whose tokens this API refuses from now on, as an API that checks a denylist
  // or the session would after a revocation.
  const revoked = new Set();

  async function verify(req) {
    const h = req.headers.authorization || "";
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) return { error: "Missing bearer token" };
    try {
      const { payload } = await jwtVerify(m[1], jwks, { issuer: opts.issuer, audience: opts.audience, algorithms: ALGORITHMS });
      if (revoked.has(payload.sub)) return { error: "Token revoked", sub: payload.sub };
      return { payload };
    } catch (err) {
      if (jwksUnavailable(err)) return { unavailable: true };
      return { error: detailOf(err) };
    }
  }

  return createServer(async (req, res) => {
    if (cors(req, res, opts.allowedOrigins)) return;
    const url = new URL(req.url, "http://x");
    try {
      if (url.pathname === "/health") return json(res, 200, { ok: true });
      // The auth server's key set, published here instead (JWKS_REMOTE=1, `jwks.remoteUrl`).
      if (opts.publishJwks && url.pathname === "/.well-known/jwks.json") return json(res, 200, await opts.publishJwks());
      // Test hooks (the demo API is not a production server).
      if (url.pathname === "/public/headers") {
        return json(res, 200, {
          authorization: req.headers.authorization || null,
          origin: req.headers.origin || null,
          trace: req.headers["x-trace"] || null,
        });
      }
      if (url.pathname === "/__revoke" && req.method === "POST") {
        const { sub } = JSON.parse((await readBody(req)) || "{}");
        if (typeof sub !== "string") return json(res, 400, { detail: "sub required" });
        revoked.add(sub);
        return json(res, 200, { revoked: sub });
      }
      if (url.pathname === "/__stats") {
        const sub = url.searchParams.get("sub");
        return json(res, 200, sub ? { ...subCounts(sub) } : { ...counts });
      }
      if (url.pathname === "/stats") {
        // The auth server's request counters, plus this API's own.
        const r = await fetch(new URL("/__stats", opts.authUrl), { method: req.method === "DELETE" ? "DELETE" : "GET" });
        const auth = await r.json();
        if (req.method === "DELETE") for (const k of Object.keys(counts)) counts[k] = 0;
        return json(res, 200, { auth, api: { ...counts } });
      }
      if (url.pathname.startsWith("/api/")) {
        counts.requests++;
        const { payload, error, sub, unavailable } = await verify(req);
        if (unavailable) {
          counts.unavailable++;
          return json(res, 503, { detail: "Cannot verify tokens right now: the auth server's JWKS is unreachable" }, { "retry-after": "5" });
        }
        if (error) {
          counts.unauthorized++;
          if (sub) {
            subCounts(sub).requests++;
            subCounts(sub).unauthorized++;
            subCounts(sub).revoked++;
          }
          return json(res, 401, { detail: error }, { "www-authenticate": 'Bearer error="invalid_token"' });
        }
        counts.authorized++;
        subCounts(payload.sub).requests++;
        subCounts(payload.sub).authorized++;
        if (url.pathname === "/api/me" && req.method === "GET") {
          return json(res, 200, {
            message: `Hello ${payload.name || payload.email}, your token was verified by the API.`,
            sub: payload.sub,
            email: payload.email,
            name: payload.name,
            nickname: payload.nickname ?? null,
            iat: payload.iat,
            exp: payload.exp,
          });
        }
        // Every claim of the verified token, as this API saw it (org, role, impersonation...).
        if (url.pathname === "/api/claims" && req.method === "GET") return json(res, 200, { claims: payload });
        if (url.pathname === "/api/echo") {
          const body = req.method === "GET" || req.method === "HEAD" ? null : await readBody(req);
          return json(res, 200, { sub: payload.sub, method: req.method, body, contentType: req.headers["content-type"] || null });
        }
        return json(res, 404, { detail: "Not found" });
      }
      json(res, 404, { detail: "Not found" });
    } catch (err) {
      json(res, 500, { detail: String(err && err.message) });
    }
  });
}
