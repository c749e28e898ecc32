// The TS client plus jose verifying the JWT in the browser (what better-auth-wasm does).
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { createRemoteJWKSet, jwtVerify } from "jose";
export const auth = createAuthClient({ plugins: [jwtClient()] });
export const verify = (t, url) => jwtVerify(t, createRemoteJWKSet(new URL(url)));
