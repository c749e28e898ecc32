// Vite + React, no plugin and no configuration: the package's `.wasm` is resolved by Vite itself.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { createAuthClient } from "better-auth-wasm";
import { AuthProvider, useAuth, useAuthFetch, useSession } from "better-auth-wasm/react";

// The demo takes its URLs from the query string (?auth=...&api=...), so one build runs anywhere.
const params = new URLSearchParams(location.search);
const authUrl = params.get("auth") ?? "http://127.0.0.1:3000";
const apiUrl = params.get("api") ?? "http://127.0.0.1:4000";
const auth = createAuthClient({ baseURL: authUrl, apiOrigins: [apiUrl] });

function App() {
  const client = useAuth();
  const session = useSession();
  const authFetch = useAuthFetch();
  const [answer, setAnswer] = useState("");

  async function signUp(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { error } = await client.signUp.email({ name: "Vite User", email: form.get("email"), password: form.get("password") });
    if (error) setAnswer(`${error.code}: ${error.message}`);
  }

  async function callApi() {
    const res = await authFetch(`${apiUrl}/api/me`);
    setAnswer(`${res.status} ${JSON.stringify(await res.json())}`);
  }

  return (
    <main>
      <h1>better-auth-wasm on Vite</h1>
      <p id="client-state" data-status={session.status}>
        {session.status}
        {session.user ? ` as ${session.user.email}` : ""}
      </p>
      {session.status === "authenticated" ? (
        <button id="call-api" onClick={callApi}>Call the API</button>
      ) : (
        <form onSubmit={signUp}>
          <input name="email" type="email" required />
          <input name="password" type="password" required minLength={8} />
          <button type="submit">Sign up</button>
        </form>
      )}
      <pre id="answer">{answer}</pre>
    </main>
  );
}

// Strict Mode mounts twice in development: the client lives outside React, so nothing is created twice.
createRoot(document.getElementById("root")).render(
  <StrictMode>
    <AuthProvider client={auth}>
      <App />
    </AuthProvider>
  </StrictMode>,
);
