// A minimal W3C WebDriver client over fetch, for what Playwright cannot drive here: Debian's
// Firefox through geckodriver, with the WebAuthn extension commands (virtual authenticators,
// https://w3c.github.io/webauthn/#sctn-automation).
import { spawn } from "node:child_process";
import { freePort } from "../e2e/browser.mjs";

/** Starts geckodriver and a headless Firefox session (`prefs` over ours); `close()` ends both. */
export async function firefox(prefs = {}) {
  const port = await freePort();
  const driver = spawn(process.env.GECKODRIVER || "geckodriver", ["--port", String(port), "--log", "error"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  const send = async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) {
      const e = new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      e.webdriver = json.value?.error;
      throw e;
    }
    return json.value;
  };
  for (let i = 0; ; i++) {
    try {
      await send("GET", "/status");
      break;
    } catch (err) {
      if (i > 100) throw new Error(`geckodriver did not start: ${err.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const session = await send("POST", "/session", {
    capabilities: {
      alwaysMatch: {
        browserName: "firefox",
        "webauthn:virtualAuthenticators": true,
        "moz:firefoxOptions": {
          args: ["-headless"],
          prefs: {
            "network.captive-portal-service.enabled": false,
            "app.update.enabled": false,
            // WebDriver's virtual authenticators are Firefox's soft token: without it every
            // ceremony answers NotAllowedError at once (Firefox 153 ESR, geckodriver 0.37).
            "security.webauth.webauthn_enable_softtoken": true,
            "security.webauth.webauthn_enable_usbtoken": false,
            ...prefs,
          },
        },
      },
    },
  });
  const id = session.sessionId;
  const s = (method, path, body) => send(method, `/session/${id}${path}`, body);
  return {
    capabilities: session.capabilities,
    goto: (url) => s("POST", "/url", { url }),
    /** Runs `fn(arg)` (an async function) in the page and resolves with its result. */
    run: (fn, arg) =>
      s("POST", "/execute/async", {
        script: `const done = arguments[arguments.length - 1];
          Promise.resolve((${fn.toString()})(arguments[0])).then(done, (e) => done({ thrown: String(e) }));`,
        args: [arg ?? null],
      }),
    /** WebAuthn: Add Virtual Authenticator; resolves with its id. */
    addAuthenticator: (options) => s("POST", "/webauthn/authenticator", options),
    removeAuthenticator: (authenticatorId) => s("DELETE", `/webauthn/authenticator/${authenticatorId}`),
    credentials: (authenticatorId) => s("GET", `/webauthn/authenticator/${authenticatorId}/credentials`),
    setTimeouts: (t) => s("POST", "/timeouts", t),
    async close() {
      try {
        await send("DELETE", `/session/${id}`);
      } finally {
        driver.kill();
      }
    },
  };
}
