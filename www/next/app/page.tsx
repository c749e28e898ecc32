// A server component that imports the package: it renders on the server without touching
// `window` (the client is inert there), then the client component takes over in the browser.
import { createAuthClient } from "better-auth-wasm";
import { Profile } from "./profile";

export default function Page() {
  const serverState = createAuthClient().getState();
  return (
    <main>
      <h1>better-auth-wasm on Next.js</h1>
      <p id="server-state">server render: {serverState.status}</p>
      <Profile apiUrl={process.env.NEXT_PUBLIC_API_URL!} />
    </main>
  );
}
