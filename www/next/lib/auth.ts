import { createAuthClient } from "better-auth-wasm";

export const auth = createAuthClient({
  baseURL: process.env.NEXT_PUBLIC_BETTER_AUTH_URL,
  apiOrigins: [process.env.NEXT_PUBLIC_API_URL!],
});
