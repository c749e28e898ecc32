#!/usr/bin/env node
// Debian's Firefox ESR for playwright-core over WebDriver BiDi (`firefox.launch({channel:
// "moz-firefox"})`; Juggler, Playwright's own Firefox protocol, needs Playwright's patched build).
//
// Used as the `executablePath`: starts the real Firefox with the same arguments and stands between
// Playwright and Firefox's BiDi endpoint, passing every message through except the commands this
// Firefox does not implement yet and that Playwright sends unconditionally when it opens a context
// (`emulation.setMediaFeaturesOverride`: no test emulates a colour scheme). Those are answered
// "success" here, and each one is logged to stderr.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(repo, "www/package.json"));
const { ws: WebSocket, wsServer: WebSocketServer } = require("playwright-core/lib/utilsBundle");

/** BiDi commands answered here instead of by Firefox. */
const ANSWERED_HERE = new Set(["emulation.setMediaFeaturesOverride"]);
const firefox = process.env.FIREFOX_PATH || "/usr/bin/firefox-esr";

const child = spawn(firefox, process.argv.slice(2), { stdio: ["ignore", "inherit", "pipe"] });
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

let announced = false;
let buffered = "";
child.stderr.on("data", (chunk) => {
  const text = chunk.toString();
  buffered += text;
  const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(buffered);
  if (m && !announced) {
    announced = true;
    listen(m[1]);
    // Everything but the endpoint line goes through as is.
    process.stderr.write(buffered.replace(m[0], ""));
    return;
  }
  if (announced) process.stderr.write(text);
});

function listen(upstream) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("listening", () => {
    process.stderr.write(`WebDriver BiDi listening on ws://127.0.0.1:${server.address().port}\n`);
  });
  server.on("connection", (client, req) => {
    const up = new WebSocket(upstream + req.url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    const queue = [];
    up.on("open", () => {
      for (const m of queue.splice(0)) up.send(m);
    });
    up.on("message", (data) => client.readyState === 1 && client.send(data.toString()));
    up.on("close", () => client.close());
    up.on("error", () => client.close());
    client.on("close", () => up.close());
    client.on("message", (data) => {
      const text = data.toString();
      let msg = null;
      try {
        msg = JSON.parse(text);
      } catch {
        // not ours to judge: Firefox answers it
      }
      if (msg && ANSWERED_HERE.has(msg.method)) {
        process.stderr.write(`[firefox-bidi] answered ${msg.method} (not implemented by this Firefox)\n`);
        client.send(JSON.stringify({ type: "success", id: msg.id, result: {} }));
        return;
      }
      if (up.readyState === 1) up.send(text);
      else queue.push(text);
    });
  });
}
