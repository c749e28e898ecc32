// Serves the demo page (www/) and the built npm package (pkg/ at /pkg/), plus /config.json with the
// URLs of the auth server and the API, which are only known once they listen.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
  ".map": "application/json",
};

async function sendFile(res, root, rel) {
  const path = normalize(join(root, rel));
  if (path !== root && !path.startsWith(root + sep)) return false;
  let file = path;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-cache" });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

/** @param {{wwwDir: string, pkgDir: string, config: () => object}} opts */
export function createStaticServer(opts) {
  return createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const path = decodeURIComponent(url.pathname);
    if (path === "/config.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(opts.config()));
      return;
    }
    if (path.startsWith("/server/") || path.startsWith("/node_modules/") || path.startsWith("/.data")) {
      res.writeHead(404).end("not found");
      return;
    }
    const ok = path.startsWith("/pkg/")
      ? await sendFile(res, opts.pkgDir, path.slice("/pkg/".length))
      : await sendFile(res, opts.wwwDir, path.slice(1));
    if (!ok) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
}
