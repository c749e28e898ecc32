// better-auth-wasm's JS face (index.js + the wasm-bindgen glue); the .wasm is fetched beside it.
import { createAuthClient } from "../../pkg/index.js";
export const auth = createAuthClient({ apiOrigins: [] });
