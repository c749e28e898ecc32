import { createAuthClient } from "better-auth-wasm";

export const auth = createAuthClient({
  baseURL: import.meta.env.VITE_BETTER_AUTH_URL,
  apiOrigins: [import.meta.env.VITE_API_URL],
});
