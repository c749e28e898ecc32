// Test-only fault-injecting reverse proxy, in front of the real auth server and the demo API
// (started by stack.mjs when FAULT_PROXY=1). The page talks to the proxy as if it were the server:
// requests, cookies and CORS headers pass through untouched unless a fault rule matches.
//
// Lanes: a path that starts with `/lane/<id>` is forwarded without that prefix, and its rules and
// counters are its own, so that tests can run side by side (a client's baseURL is
// `${proxy}/lane/<id>/api/auth`).
//
// Control (on either proxy; rules are per proxy):
//   POST   /__faults {lane, path, method?, mode, count?, status?, body?, headers?, delayMs?, forge?, set?}
//   DELETE /__faults?lane=<id>          clears the lane's rules
//   GET    /__faults/stats?lane=<id>    {"GET /api/auth/token": {total, faulted, withAuthorization}, ...}
//   GET    /__faults/bearers?lane=<id>  the distinct Authorization headers the lane forwarded
//   POST   /__faults/down {lane, down}  refuse every request of the lane (connection reset)
//   POST   /__faults/restart {downMs}   (auth proxy only) restart the real auth server: it is gone for
//                                       downMs, then back over the same database; answers {downAt, upAt}
// `path` matches the path after the lane prefix, exactly, or as a prefix when it ends with `*`.
// Modes: status (answer `status` with `body`/`headers`, e.g. 503, or 429 with x-retry-after),
// hang (never answer), slow (forward after `delayMs`), reset (destroy the socket), malformed (200
// with a truncated JSON body), forge (forward, then replace the JWT of the `token` field and of
// `set-auth-jwt` with a forged one: none | badsig | kid | expired), rewrite (forward, then merge
// `set` into the JSON body), redirect (302 to `location`), replay (the rule's first match is
// forwarded and its answer kept; the next ones get that answer again, byte for byte: a token
// endpoint answering the token it already gave).
//
// The echo server (a foreign origin: `http://localhost:<port>`) records the headers of every
// request it receives (GET /__echo/log?lane=<id>) and answers CORS for any origin, even "null".
import { createServer, request as httpRequest } from "node:http";

const b64u = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** A forged variant of a compact JWS `raw` (see the forge modes above). */
export function forgeToken(raw, kind) {
  const [h, p, s] = String(raw).split(".");
  const header = JSON.parse(Buffer.from(h, "base64url").toString());
  const payload = JSON.parse(Buffer.from(p, "base64url").toString());
  switch (kind) {
    case "none":
      return `${b64u({ alg: "none", typ: "JWT" })}.${p}.`;
    case "badsig": {
      const sig = Buffer.from(s, "base64url");
      sig[0] ^= 0xff;
      return `${h}.${p}.${sig.toString("base64url")}`;
    }
    case "kid":
      return `${b64u({ ...header, kid: "forged-kid-0000" })}.${p}.${s}`;
    case "payload":
      // A claim changed under the original signature (e.g. an elevated subject).
      return `${h}.${b64u({ ...payload, sub: "admin", role: "admin" })}.${s}`;
    case "hs256":
      return `${b64u({ alg: "HS256", typ: "JWT", kid: header.kid })}.${p}.${s}`;
    default:
      throw new Error(`unknown forge kind ${kind}`);
  }
}

function splitLane(url) {
  const m = /^\/lane\/([\w-]+)(\/.*)?$/.exec(url);
  return m ? { lane: m[1], rest: m[2] || "/" } : { lane: "", rest: url };
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

function corsHeaders(req, extra = {}) {
  const origin = req.headers.origin;
  if (!origin) return extra;
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": "set-auth-jwt, x-retry-after, retry-after",
    vary: "Origin",
    ...extra,
  };
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * A reverse proxy to `target` (an origin) with fault rules. `restart(downMs)`, if given, restarts
 * the target for real (POST /__faults/restart).
 */
export function createFaultProxy(target, { restart = null } = {}) {
  const targetUrl = new URL(target);
  const rules = []; // {lane, path, method, mode, remaining, ...}
  const stats = new Map(); // lane -> {key: {total, faulted}}
  const downLanes = new Set();
  const hanging = new Set();

  const bearers = new Map(); // lane -> distinct Bearer tokens seen
  const count = (lane, key, faulted, req) => {
    if (!stats.has(lane)) stats.set(lane, {});
    const s = stats.get(lane);
    s[key] ||= { total: 0, faulted: 0, withAuthorization: 0 };
    s[key].total++;
    if (faulted) s[key].faulted++;
    const h = req.headers.authorization;
    if (h) {
      s[key].withAuthorization++;
      if (!bearers.has(lane)) bearers.set(lane, new Set());
      bearers.get(lane).add(h);
    }
  };

  const matches = (rule, lane, method, path) =>
    rule.lane === lane &&
    rule.remaining > 0 &&
    (!rule.method || rule.method === method) &&
    (rule.path.endsWith("*") ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path);

  function forward(req, res, rest, lane, transform) {
    const headers = { ...req.headers, host: targetUrl.host };
    const up = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: rest, headers },
      async (upRes) => {
        if (!transform) {
          res.writeHead(upRes.statusCode, upRes.rawHeaders);
          upRes.pipe(res);
          return;
        }
        const body = await readBody(upRes);
        const outHeaders = { ...upRes.headers };
        delete outHeaders["content-length"];
        delete outHeaders["content-encoding"];
        let out = body;
        try {
          out = transform(body, outHeaders);
        } catch {
          out = body;
        }
        res.writeHead(upRes.statusCode, outHeaders);
        res.end(out);
      },
    );
    up.on("error", () => res.destroy());
    req.pipe(up);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname.startsWith("/__faults")) {
      const lane = url.searchParams.get("lane") || "";
      // Readable from a test page too (the wasm tests drive the proxy from the browser).
      const cors = corsHeaders(req);
      if (url.pathname === "/__faults/stats") return sendJson(res, 200, stats.get(lane) || {}, cors);
      if (url.pathname === "/__faults/bearers") return sendJson(res, 200, [...(bearers.get(lane) || [])], cors);
      if (req.method === "DELETE") {
        for (let i = rules.length - 1; i >= 0; i--) if (rules[i].lane === lane) rules.splice(i, 1);
        downLanes.delete(lane);
        return sendJson(res, 200, { cleared: lane }, cors);
      }
      const body = JSON.parse((await readBody(req)).toString() || "{}");
      if (url.pathname === "/__faults/restart") {
        if (!restart) return sendJson(res, 404, { error: "this proxy cannot restart its target" }, cors);
        return sendJson(res, 200, await restart(Number(body.downMs) || 0), cors);
      }
      if (url.pathname === "/__faults/down") {
        if (body.down) downLanes.add(body.lane || "");
        else downLanes.delete(body.lane || "");
        return sendJson(res, 200, { down: [...downLanes] }, cors);
      }
      const rule = { lane: "", method: null, count: Infinity, ...body };
      rule.remaining = rule.count ?? Infinity;
      if (rule.remaining === null) rule.remaining = Infinity;
      rules.push(rule);
      return sendJson(res, 200, { ok: true, rules: rules.length }, cors);
    }

    const { lane, rest } = splitLane(req.url);
    const path = new URL(rest, "http://x").pathname;
    const key = `${req.method} ${path}`;
    if (downLanes.has(lane)) {
      count(lane, key, true, req);
      req.socket.destroy();
      return;
    }
    // Preflights always pass: the faults are about the actual requests.
    const rule = req.method === "OPTIONS" ? null : rules.find((r) => matches(r, lane, req.method, path));
    count(lane, key, Boolean(rule), req);
    if (!rule) return forward(req, res, rest, lane);
    rule.remaining--;
    switch (rule.mode) {
      case "status": {
        const body = rule.body === undefined ? { code: "FAULT", message: `injected ${rule.status}` } : rule.body;
        res.writeHead(rule.status || 500, corsHeaders(req, { "content-type": "application/json", ...(rule.headers || {}) }));
        res.end(typeof body === "string" ? body : JSON.stringify(body));
        return;
      }
      case "malformed":
        res.writeHead(200, corsHeaders(req, { "content-type": "application/json" }));
        res.end('{"token":"eyJhbGciOiJFZERTQSJ9.');
        return;
      case "hang":
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "slow":
        await new Promise((r) => setTimeout(r, rule.delayMs || 3000));
        return forward(req, res, rest, lane);
      case "redirect":
        res.writeHead(rule.status || 302, corsHeaders(req, { location: rule.location }));
        res.end();
        return;
      case "forge":
        return forward(req, res, rest, lane, (body, headers) => {
          if (headers["set-auth-jwt"]) headers["set-auth-jwt"] = forgeToken(headers["set-auth-jwt"], rule.forge);
          const json = JSON.parse(body.toString());
          if (json && typeof json.token === "string" && json.token.split(".").length === 3) {
            json.token = forgeToken(json.token, rule.forge);
          }
          return JSON.stringify(json);
        });
      case "replay":
        if (rule.kept) {
          res.writeHead(rule.kept.status, rule.kept.headers);
          res.end(rule.kept.body);
          return;
        }
        return forward(req, res, rest, lane, (body, headers) => {
          rule.kept = { status: 200, headers: { ...headers }, body };
          return body;
        });
      case "rewrite":
        return forward(req, res, rest, lane, (body) => JSON.stringify({ ...JSON.parse(body.toString()), ...rule.set }));
      default:
        return sendJson(res, 500, { detail: `unknown fault mode ${rule.mode}` });
    }
  });
  server.closeHanging = () => {
    for (const r of hanging) r.destroy();
  };
  return server;
}

/** The foreign-origin echo server: records request headers per lane, CORS for any origin. */
export function createEchoServer() {
  const log = new Map();
  return createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/__echo/log") {
      const lane = url.searchParams.get("lane") || "";
      return sendJson(res, 200, log.get(lane) || []);
    }
    const { lane, rest } = splitLane(req.url);
    if (!log.has(lane)) log.set(lane, []);
    log.get(lane).push({ method: req.method, path: rest, authorization: req.headers.authorization || null, origin: req.headers.origin || null });
    const headers = corsHeaders(req);
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...headers,
        "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] || "content-type, authorization",
      });
      return res.end();
    }
    sendJson(res, 200, { authorization: req.headers.authorization || null, origin: req.headers.origin || null }, headers);
  });
}
