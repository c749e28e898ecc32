// A server component that imports the package: it must render on the server without touching
// `window`, and hand the URLs (read at request time) to the client component.
import { createAuthClient } from "better-auth-wasm";
import { AuthDemo } from "./auth-demo";

export const dynamic = "force-dynamic";

export default function Page() {
  const authUrl = process.env.BETTER_AUTH_URL ?? "http://127.0.0.1:3000";
  const apiUrl = process.env.API_URL ?? "http://127.0.0.1:4000";
  const serverState = createAuthClient({ baseURL: authUrl }).getState();
  return (
    <main>
      <h1>better-auth-wasm on Next.js</h1>
      <p id="server-state">server render: {serverState.status}</p>
      <AuthDemo authUrl={authUrl} apiUrl={apiUrl} />
    </main>
  );
}
