// Configuration of the demo stack, read once from the environment. Every variable is documented in
// ../../.env.example; defaults are chosen so that `make demo` works with no configuration at all.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const WWW_DIR = resolve(here, "..");
export const REPO_DIR = resolve(WWW_DIR, "..");

function int(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got ${raw}`);
  return n;
}

function seconds(name) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a number of seconds, got ${raw}`);
  return n;
}

function list(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  return raw.split(",").map((s) => s.trim()).filter(Boolean);
}

/** The algorithms of the jwt plugin's `keyPairConfig` (`null` when unset). */
export const JWT_ALGORITHMS = ["EdDSA", "ES256", "ES512", "RS256", "PS256"];

function jwtAlgorithm(name, raw) {
  if (raw === undefined || raw === "") return null;
  if (!JWT_ALGORITHMS.includes(raw)) throw new Error(`${name} must be one of ${JWT_ALGORITHMS.join(", ")}, got ${raw}`);
  return raw;
}

/** `jwks.keyPairConfig` for `alg` (RSA keys of 2048 bits, Better Auth's default size). */
export function keyPairConfig(alg) {
  if (alg === "EdDSA") return { alg, crv: "Ed25519" };
  if (alg === "RS256" || alg === "PS256") return { alg, modulusLength: 2048 };
  return { alg };
}

/** Reads the environment. Ports may be 0 (any free port); URLs that depend on them are derived later. */
export function readConfig(env = process.env) {
  const host = env.HOST || "127.0.0.1";
  // The host name in the URLs the stack announces (it still listens on HOST): `localhost` gives a
  // stack whose page can use passkeys, since WebAuthn refuses IP addresses as relying party IDs.
  const publicHost = env.PUBLIC_HOST || host;
  const dataDir = resolve(env.DATA_DIR || join(WWW_DIR, ".data"));
  return {
    host,
    publicHost,
    authPort: int("AUTH_PORT", 3000),
    apiPort: int("API_PORT", 4000),
    webPort: int("WEB_PORT", 8080),
    dataDir,
    // Public URL of the auth server; JWT `iss`/`aud` default to its origin.
    authUrl: env.BETTER_AUTH_URL || null,
    basePath: env.BETTER_AUTH_BASE_PATH || "/api/auth",
    secret: env.BETTER_AUTH_SECRET || null,
    databaseUrl: env.DATABASE_URL || `file:${join(dataDir, "auth.sqlite")}`,
    jwtExpiration: env.JWT_EXPIRATION || "15m",
    jwksPath: env.JWKS_PATH || "/jwks",
    // The jwt plugin's signing algorithm(s) and options (see .env.example).
    jwtAlg: jwtAlgorithm("JWT_ALG", env.JWT_ALG),
    jwtExtraAlgs: list("JWT_EXTRA_ALGS", []).map((a) => jwtAlgorithm("JWT_EXTRA_ALGS", a)),
    jwtRotateTo: jwtAlgorithm("JWT_ROTATE_TO", env.JWT_ROTATE_TO),
    jwtIssuer: env.JWT_ISSUER || null,
    jwtAudience: list("JWT_AUDIENCE", []),
    jwtDisableHeader: env.JWT_DISABLE_HEADER === "1",
    jwtCustomPayload: env.JWT_CUSTOM_PAYLOAD === "1",
    jwksRemote: env.JWKS_REMOTE === "1",
    customSession: env.CUSTOM_SESSION === "1",
    bearer: env.BEARER === "1",
    trustedOrigins: list("TRUSTED_ORIGINS", []),
    apiUrl: env.API_URL || null,
    webUrl: env.WEB_URL || null,
    log: env.LOG === "1",
    // Development mailbox: password-reset, verification, OTP, magic-link and invitation mails are
    // kept in memory and served at GET /__mail?to=<address>, SMS codes at GET /__sms?to=<phone>;
    // `admin+…@` addresses sign up as admins (never turn this on where strangers can reach the server).
    devMailbox: env.DEV_MAILBOX === "1",
    // Session refresh only on POST /get-session (GET answers `needsRefresh`), and the age after
    // which a session is due for a refresh (Better Auth's default: a day).
    deferSessionRefresh: env.DEFER_SESSION_REFRESH === "1",
    sessionUpdateAge: seconds("SESSION_UPDATE_AGE"),
    // WebAuthn relying party ID for the passkey plugin; default: the auth server's host name.
    passkeyRpId: env.PASSKEY_RP_ID || null,
    // GitHub sign-in (signIn.social), when an OAuth app's id is given.
    github: env.GITHUB_CLIENT_ID ? { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET || "" } : null,
  };
}

/**
 * The secret, generated once and kept beside its database: Better Auth encrypts the JWKS private
 * key with it, so a database opened with another secret answers 500 on /token.
 */
export function loadOrCreateSecret(cfg) {
  if (cfg.secret) return cfg.secret;
  const file = join(cfg.dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(cfg.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/**
 * `expirationTime` for the jwt plugin: a bare number is seconds, anything else a jose duration
 * ("15m"). Numbers are passed as "<n>s": the plugin (jose) reads a number as an absolute time.
 */
export function jwtExpiration(raw) {
  return /^\d+$/.test(String(raw)) ? `${raw}s` : String(raw);
}

/** The SQLite file behind DATABASE_URL (`file:path`, `sqlite:path`, a plain path, or `:memory:`). */
export function sqlitePath(databaseUrl) {
  if (databaseUrl === ":memory:") return databaseUrl;
  const m = /^(?:file|sqlite):(?:\/\/)?(.*)$/.exec(databaseUrl);
  const path = m ? m[1] : databaseUrl;
  if (/^[a-z]+:\/\//i.test(databaseUrl) && !m) {
    throw new Error(`DATABASE_URL: only SQLite is built in (file:path); got ${databaseUrl}`);
  }
  return resolve(path);
}
