// `auth.diagnose()`'s module, loaded on first use (see index.d.ts `AuthClient.diagnose`).
import type { AuthClient, AuthClientOptions, Diagnosis } from "./index.js";

export function diagnose(auth: Pick<AuthClient, "token">, options: AuthClientOptions, get: () => Promise<(what: number, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => any>): Promise<Diagnosis>;
