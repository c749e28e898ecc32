"use client";
import { useState } from "react";
import { isBetterAuthWasmError } from "better-auth-wasm";
import { useAuth, useAuthFetch, useSession } from "better-auth-wasm/react";
import { SignIn } from "./sign-in";

export function Profile({ apiUrl }: { apiUrl: string }) {
  const auth = useAuth();
  const authFetch = useAuthFetch();
  const { data, isPending, error } = useSession();
  const [answer, setAnswer] = useState("");

  async function callApi() {
    try {
      const res = await authFetch(`${apiUrl}/api/me`); // Authorization: Bearer <jwt>
      setAnswer(`${res.status} ${await res.text()}`);
    } catch (e) {
      // No token to send (NO_SESSION, JWT_*...), or the browser's own network TypeError.
      setAnswer(isBetterAuthWasmError(e) ? `${e.code}: ${e.message}` : String(e));
    }
  }

  const status = isPending ? "loading" : data ? "authenticated" : "unauthenticated";
  return (
    <section>
      <p id="client-state" data-status={status}>
        {data ? `${data.user.email}, signed in since ${data.session.createdAt.toLocaleString()}` : status}
      </p>
      {error && <p id="setup-error">{error.code}: {error.message}</p>}
      {data ? (
        <p>
          <button id="call-api" onClick={callApi}>Call the API</button>{" "}
          <button id="sign-out" onClick={() => auth.signOut()}>Sign out</button>
        </p>
      ) : (
        !isPending && <SignIn />
      )}
      <pre id="answer">{answer}</pre>
    </section>
  );
}
