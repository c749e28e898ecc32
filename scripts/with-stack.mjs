#!/usr/bin/env node
// Runs a command with the demo stack (real Better Auth server, demo API, www) started on free
// ports with a fresh database, and stops the stack afterwards, whatever happens.
//
//   node scripts/with-stack.mjs [--env KEY=VALUE]... -- <command> [args...]
//
// The command sees BAW_TEST_AUTH_URL, BAW_TEST_API_URL, BAW_TEST_WEB_URL, and
// BAW_TEST_DATA_DIR (the stack's data dir), with --env FAULT_PROXY=1 also BAW_TEST_AUTH_PROXY_URL,
// BAW_TEST_API_PROXY_URL and BAW_TEST_ECHO_URL (www/server/faults.mjs), and
// WASM_BINDGEN_TEST_ADDRESS (a free port whose origin the auth server trusts, for
// wasm-bindgen-test-runner's page). --env sets variables for the stack (e.g. JWT_EXPIRATION=20).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const sep = args.indexOf("--");
if (sep < 0 || sep === args.length - 1) {
  console.error("usage: with-stack.mjs [--env K=V]... -- command [args...]");
  process.exit(2);
}
const stackEnv = {};
for (let i = 0; i < sep; i++) {
  if (args[i] === "--env" && args[i + 1]) {
    const [k, ...v] = args[++i].split("=");
    stackEnv[k] = v.join("=");
  }
}
const [cmd, ...cmdArgs] = args.slice(sep + 1);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Whether `port` can be listened on now. */
function canListen(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once("error", () => res(false));
    s.listen(port, "127.0.0.1", () => s.close(() => res(true)));
  });
}

/**
 * The runner's port is only bound later, by wasm-bindgen-test-runner: a port the kernel handed out
 * (port 0) could meanwhile be handed again to another listener of the ephemeral range (this
 * stack's servers, a browser driver, a stack running beside this one: "Address already in use").
 * So it is drawn below that range (Linux's starts at 32768), where port 0 never lands.
 */
async function runnerPortFree() {
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await canListen(port)) return port;
  }
  return freePort();
}

const runnerPort = await runnerPortFree();
const runnerOrigin = `http://127.0.0.1:${runnerPort}`;
const dataDir = mkdtempSync(join(tmpdir(), "baw-stack-"));
const stack = spawn(process.execPath, [join(repo, "www/server/stack.mjs")], {
  env: {
    ...process.env,
    AUTH_PORT: "0",
    API_PORT: "0",
    WEB_PORT: "0",
    DATA_DIR: dataDir,
    TRUSTED_ORIGINS: [runnerOrigin, process.env.TRUSTED_ORIGINS].filter(Boolean).join(","),
    STACK_PARENT_PID: String(process.pid),
    // Password reset and email verification on, their mails readable at /__mail; GitHub sign-in
    // configured (its authorize URL is built locally; nothing is sent to GitHub).
    DEV_MAILBOX: "1",
    GITHUB_CLIENT_ID: "baw-test-client",
    GITHUB_CLIENT_SECRET: "baw-test-secret",
    ...stackEnv,
  },
  stdio: ["ignore", "pipe", "inherit"],
});

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  stack.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

const ready = await new Promise((res, rej) => {
  let buf = "";
  const timer = setTimeout(() => rej(new Error("the stack did not start within 60 s")), 60_000);
  stack.stdout.on("data", (d) => {
    buf += d;
    const line = buf.split("\n").find((l) => l.startsWith("READY "));
    if (line) {
      clearTimeout(timer);
      res(JSON.parse(line.slice(6)));
    }
  });
  stack.once("exit", (code) => rej(new Error(`the stack exited with ${code} before it was ready`)));
}).catch((err) => {
  console.error(`with-stack: ${err.message}`);
  cleanup();
  process.exit(1);
});
stack.stdout.resume();
console.error(`with-stack: auth ${ready.authUrl}, api ${ready.apiUrl}, www ${ready.webUrl}, runner ${runnerOrigin}`);

const child = spawn(cmd, cmdArgs, {
  stdio: "inherit",
  env: {
    ...process.env,
    BAW_TEST_AUTH_URL: ready.authUrl,
    BAW_TEST_API_URL: ready.apiUrl,
    BAW_TEST_WEB_URL: ready.webUrl,
    WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${runnerPort}`,
    WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION: "1",
    BAW_TEST_DATA_DIR: ready.dataDir,
    // Only with --env FAULT_PROXY=1 (tests/faults/).
    ...(ready.authProxyUrl
      ? { BAW_TEST_AUTH_PROXY_URL: ready.authProxyUrl, BAW_TEST_API_PROXY_URL: ready.apiProxyUrl, BAW_TEST_ECHO_URL: ready.echoUrl }
      : {}),
  },
});
child.on("exit", (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
