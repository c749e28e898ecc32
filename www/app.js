// The demo page: better-auth-wasm from /pkg/, the auth server and API URLs from /config.json.
import { createAuthClient } from "/pkg/index.js";

const $ = (id) => document.getElementById(id);
const config = await (await fetch("/config.json")).json();
$("cfg-auth").textContent = config.authUrl + config.basePath;
$("cfg-api").textContent = config.apiUrl;

const auth = createAuthClient({
  baseURL: config.authUrl,
  basePath: config.basePath,
  jwksPath: config.jwksPath,
  apiOrigins: [config.apiUrl],
  // Makes the retry visible: a 401 from the API is followed by one refresh and one retry.
  onResponse: (res) => {
    if (res.status === 401) log(`API answered 401 for ${new URL(res.url).pathname}: one refresh, one retry`);
  },
  onUnauthorized: () => log("the API still refuses the token: sign in again"),
});
// Reachable from the console (and from the end-to-end tests): try `await auth.token()`.
window.auth = auth;

function log(text) {
  const li = document.createElement("li");
  li.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  $("log").prepend(li);
}

function showError(error) {
  const el = $("auth-error");
  el.hidden = !error;
  el.textContent = error ? `${error.message} (${error.code})` : "";
}

function renderTtl() {
  const expiresAt = auth.getState().tokenExpiresAt;
  if (!expiresAt) {
    $("token-ttl").textContent = "–";
    return;
  }
  const s = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  $("token-ttl").textContent = `in memory, expires in ${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}
setInterval(renderTtl, 1000);

// The SDK's events: the token lifecycle made visible.
auth.subscribe((event) => {
  if (event.type === "tokenRefreshed") log(`token refreshed (generation ${event.generation})`);
  if (event.type === "signedIn") log(`token received (generation ${event.generation})`);
  if (event.type === "refreshFailed") log(`refresh failed: ${event.error.code}; retrying at ${new Date(event.retryAt).toLocaleTimeString()}`);
  if (event.type === "unauthorized") log("the API refused the token after one refresh and retry");
  if (event.type === "signedOut") log("session ended");
  if (event.type === "error") log(`setup problem: ${event.error.code}: ${event.error.message}`);
  render(event.state.user ? event.state : null);
  renderTtl();
});

function render(session) {
  const signedIn = Boolean(session);
  $("status").dataset.state = signedIn ? "authenticated" : "unauthenticated";
  $("status").textContent = signedIn ? "Signed in" : "Signed out";
  $("user").hidden = !signedIn;
  $("call-api").disabled = !signedIn;
  $("sign-out").disabled = !signedIn;
  $("add-passkey").disabled = !signedIn;
  if (signedIn) {
    $("user-name").textContent = session.user.name;
    $("user-email").textContent = session.user.email;
  }
}

async function loadSession() {
  const { data, error } = await auth.getSession();
  if (error) log(`get-session failed: ${error.code}`);
  render(data);
  return data;
}

function selectTab(which) {
  $("tab-signup").setAttribute("aria-selected", String(which === "signup"));
  $("tab-signin").setAttribute("aria-selected", String(which === "signin"));
  $("signup-form").hidden = which !== "signup";
  $("signin-form").hidden = which !== "signin";
  showError(null);
  if (which === "signin") offerPasskeyAutofill();
  else autofill?.abort();
}
$("tab-signup").onclick = () => selectTab("signup");
$("tab-signin").onclick = () => selectTab("signin");

$("signup-form").onsubmit = async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const { data, error } = await auth.signUp.email({ name: f.get("name"), email: f.get("email"), password: f.get("password") });
  showError(error);
  if (error) return log(`sign-up refused: ${error.code}`);
  log(`signed up as ${data.user.email}`);
  await loadSession();
};

$("signin-form").onsubmit = async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const { data, error } = await auth.signIn.email({ email: f.get("email"), password: f.get("password") });
  showError(error);
  if (error) return log(`sign-in refused: ${error.code}`);
  log(`signed in as ${data.user.email}`);
  await loadSession();
};

// Passkeys (the passkey plugin): WebAuthn needs a domain name, so open the demo on localhost
// (`PUBLIC_HOST=localhost make demo`); on 127.0.0.1 the client answers PASSKEY_RP_ID_MISMATCH.
$("add-passkey").onclick = async () => {
  const { data, error } = await auth.passkey.addPasskey({ name: `demo passkey ${new Date().toLocaleTimeString()}` });
  if (error) return log(`passkey not added: ${error.code}: ${error.message}`);
  log(`passkey added (${data.name}); sign out, then "Sign in with a passkey"`);
};

/** The passkey offered in the email field's autofill while the sign-in form shows. */
let autofill = null;
async function offerPasskeyAutofill() {
  autofill?.abort();
  const controller = new AbortController();
  autofill = controller;
  const { data, error } = await auth.signIn.passkey({ autoFill: true, signal: controller.signal });
  if (error) {
    // Ended by a modal sign-in or by leaving the form; unsupported browsers simply do not offer it.
    if (!["PASSKEY_ABORTED", "PASSKEY_AUTOFILL_UNSUPPORTED"].includes(error.code)) log(`passkey autofill: ${error.code}`);
    return;
  }
  log(`signed in with a passkey (autofill) as ${data.user.email}`);
  await loadSession();
}

$("passkey-sign-in").onclick = async () => {
  const { data, error } = await auth.signIn.passkey();
  showError(error);
  if (error) return log(`passkey sign-in refused: ${error.code}`);
  log(`signed in with a passkey as ${data.user.email}`);
  await loadSession();
};

$("sign-out").onclick = async () => {
  const { error } = await auth.signOut();
  if (error) log(`sign-out failed: ${error.code}`);
  else log("signed out");
  $("api-answer").textContent = "";
  render(null);
};

$("call-api").onclick = async () => {
  try {
    const res = await auth.fetch(`${config.apiUrl}/api/me`);
    const body = await res.json();
    $("api-answer").textContent = `${res.status} ${JSON.stringify(body, null, 2)}`;
    log(`API answered ${res.status}`);
  } catch (err) {
    $("api-answer").textContent = `${err.code || err.name}: ${err.message}`;
    log(`API call failed: ${err.code || err.message}`);
  }
};

await loadSession();
log("client ready");
document.body.dataset.ready = "true";

// The setup check: a checklist a person can read.
$("diagnose").addEventListener("click", async () => {
  $("diagnosis").textContent = "checking…";
  const report = await auth.diagnose();
  $("diagnosis").textContent = String(report);
  $("diagnosis").dataset.ok = String(report.ok);
});
