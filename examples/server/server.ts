import { createServer } from "node:http";
import { toNodeHandler } from "better-auth/node";
import { auth, pageOrigins } from "./auth.js";

const handler = toNodeHandler(auth);

// Better Auth's Node handler sends no CORS headers: the page's origin, with credentials, and the
// headers the SDK reads (the JWT of get-session, the wait of a 429).
createServer((req, res) => {
  const origin = req.headers.origin;
  if (origin && pageOrigins.includes(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
    res.setHeader("Access-Control-Expose-Headers", "set-auth-jwt, x-retry-after");
    res.setHeader("Vary", "Origin");
    if (req.method === "OPTIONS") {
      res.setHeader("Access-Control-Allow-Methods", "GET, POST");
      res.setHeader("Access-Control-Allow-Headers", "content-type");
      res.writeHead(204).end();
      return;
    }
  }
  handler(req, res);
}).listen(Number(process.env.PORT ?? 3000));
