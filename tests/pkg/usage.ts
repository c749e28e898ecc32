// Typed usage of the public API, checked by `tsc --noEmit --strict`: if a public signature loses
// its types (or gains an `any`), this file stops compiling.
import { createAuthClient, init, ApiError, type AuthClient, type AuthState, type AuthEvent, type User } from "better-auth-wasm";
import { AuthProvider, useSession, useAuthFetch, useAuth } from "better-auth-wasm/react";
import { createAuthClient as createInlineClient } from "better-auth-wasm/inline";
import { createElement } from "react";

const auth: AuthClient = createAuthClient({
  baseURL: "http://127.0.0.1:3000",
  apiOrigins: ["http://127.0.0.1:4000"],
  verification: "signature",
  crossTab: true,
  onUnauthorized: (e: AuthEvent) => console.log(e.type),
});

async function flows(): Promise<void> {
  await init();
  const up = await auth.signUp.email({ name: "A", email: "a@example.com", password: "password123" });
  await auth.signUp.email({ name: "A", email: "b@example.com", password: "password123", nickname: "Zed" });
  if (up.error) {
    const code: string = up.error.code;
    const status: number = up.error.status;
    console.log(code, status);
  } else {
    const user: User = up.data.user;
    console.log(user.email.toUpperCase());
  }
  const session = await auth.getSession();
  if (session.data) console.log(session.data.session.expiresAt, session.data.user.id);
  const token = await auth.token();
  if (token.data) console.log(token.data.token.length);
  const keys = await auth.jwks();
  if (keys.data) console.log(keys.data.keys[0]?.kid);
  const res: Response = await auth.fetch("http://127.0.0.1:4000/api/me", { method: "GET" });
  console.log(res.status);
  try {
    const me = await auth.api.get<{ email: string }>("http://127.0.0.1:4000/api/me");
    console.log(me.email);
  } catch (e) {
    if (e instanceof ApiError) console.log(e.status, e.code);
  }
  await auth.updateUser({ name: "B" });
  await auth.changePassword({ currentPassword: "password123", newPassword: "password456" });
  await auth.listSessions();
  await auth.revokeOtherSessions();
  await auth.signIn.social({ provider: "github", disableRedirect: true });
  await auth.verifyEmail({ query: { token: "t" } });
  const unsubscribe: () => void = auth.subscribe((e: AuthEvent) => {
    const s: AuthState = e.state;
    if (e.type === "refreshFailed") console.log(e.error.code, e.retryAt);
    console.log(s.status);
  });
  unsubscribe();
  const state: AuthState = auth.getState();
  const exp: number | null = state.tokenExpiresAt;
  console.log(exp);
  await auth.signOut();
  auth.dispose();
}

function App() {
  const session = useSession();
  const authFetch = useAuthFetch();
  const client: AuthClient = useAuth();
  void authFetch;
  void client;
  return createElement("p", null, session.user ? session.user.name : session.status);
}

export const tree = createElement(AuthProvider, { client: auth }, createElement(App));
void flows;

// The inline entry has the same types.
const inlineClient: AuthClient = createInlineClient({ baseURL: "http://127.0.0.1:3000" });
void inlineClient;
