import { betterAuth } from "better-auth";
import { jwt } from "better-auth/plugins";

// The page origins that use better-auth-wasm, e.g. "https://app.example.com".
export const pageOrigins = (process.env.PAGE_ORIGINS ?? "").split(",").filter(Boolean);

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL, // e.g. https://auth.example.com: the JWT's iss and aud
  secret: process.env.BETTER_AUTH_SECRET,
  // database: your database (Better Auth's docs); without one, Better Auth keeps it in memory.
  emailAndPassword: { enabled: true },
  // Origin and CSRF checks: every page origin, exactly.
  trustedOrigins: pageOrigins,
  // `/token` and `/jwks`: EdDSA JWTs for 15 minutes, Better Auth's defaults and the SDK's.
  plugins: [jwt()],
  // Only when the page and the auth server are on different sites (not app.example.com and
  // auth.example.com, which are one site): a cookie the browser sends cross-site, over HTTPS.
  // advanced: { defaultCookieAttributes: { sameSite: "none", secure: true } },
});
