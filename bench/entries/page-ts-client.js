// For the bench page: Better Auth's TS client and its jwt plugin, as an app would bundle them.
export { createAuthClient } from "better-auth/client";
export { jwtClient } from "better-auth/client/plugins";
