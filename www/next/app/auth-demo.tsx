"use client";
// A client component: the client is created once per page (module level would also do), the
// session comes from useSession, the API call from useAuthFetch.
import { useMemo, useState } from "react";
import { createAuthClient } from "better-auth-wasm";
import { AuthProvider, useAuthFetch, useSession, useAuth } from "better-auth-wasm/react";

export function AuthDemo({ authUrl, apiUrl }: { authUrl: string; apiUrl: string }) {
  const client = useMemo(() => createAuthClient({ baseURL: authUrl, apiOrigins: [apiUrl] }), [authUrl, apiUrl]);
  return (
    <AuthProvider client={client}>
      <Panel apiUrl={apiUrl} />
    </AuthProvider>
  );
}

function Panel({ apiUrl }: { apiUrl: string }) {
  const auth = useAuth();
  const session = useSession();
  const authFetch = useAuthFetch();
  const [answer, setAnswer] = useState("");
  const [error, setError] = useState("");

  async function signUp(form: FormData) {
    const { error } = await auth.signUp.email({
      name: String(form.get("name")),
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    setError(error ? `${error.code}: ${error.message}` : "");
  }

  async function callApi() {
    const res = await authFetch(`${apiUrl}/api/me`);
    setAnswer(`${res.status} ${JSON.stringify(await res.json())}`);
  }

  return (
    <section>
      <p id="client-state" data-status={session.status}>
        client: {session.status}
        {session.user ? ` as ${session.user.email}` : ""}
      </p>
      {session.status !== "authenticated" ? (
        <form action={signUp}>
          <input name="name" defaultValue="Next User" />
          <input name="email" type="email" required />
          <input name="password" type="password" required minLength={8} />
          <button type="submit">Sign up</button>
        </form>
      ) : (
        <p>
          <button id="call-api" onClick={callApi}>Call the API</button>{" "}
          <button id="sign-out" onClick={() => auth.signOut()}>Sign out</button>
        </p>
      )}
      {error && <p id="error">{error}</p>}
      <pre id="answer">{answer}</pre>
    </section>
  );
}
