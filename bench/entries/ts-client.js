// Better Auth's TS browser client with the jwt plugin: what an app ships to get a JWT.
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
export const auth = createAuthClient({ plugins: [jwtClient()] });
