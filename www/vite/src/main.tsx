import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AuthProvider } from "better-auth-wasm/react";
import { auth } from "./auth";
import { Profile } from "./Profile";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AuthProvider client={auth}>
      <h1>better-auth-wasm on Vite</h1>
      <Profile apiUrl={import.meta.env.VITE_API_URL} />
    </AuthProvider>
  </StrictMode>,
);
