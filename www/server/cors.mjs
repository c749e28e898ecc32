// CORS for a fixed list of origins. Better Auth's Node handler sends none, and answers OPTIONS 404.

/**
 * Applies CORS headers for `req` when its Origin is allowed. Returns true when the request was a
 * preflight and has been answered.
 */
export function cors(req, res, allowedOrigins, { exposeHeaders = [] } = {}) {
  const origin = req.headers.origin;
  res.setHeader("Vary", "Origin");
  const allowed = origin && allowedOrigins.includes(origin);
  if (allowed) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
    if (exposeHeaders.length) res.setHeader("Access-Control-Expose-Headers", exposeHeaders.join(", "));
  }
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
    if (allowed) {
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      res.setHeader(
        "Access-Control-Allow-Headers",
        req.headers["access-control-request-headers"] || "content-type, authorization",
      );
      res.setHeader("Access-Control-Max-Age", "600");
    }
    res.writeHead(allowed ? 204 : 403).end();
    return true;
  }
  return false;
}
