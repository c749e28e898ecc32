"use client";
import type { ReactNode } from "react";
import { AuthProvider } from "better-auth-wasm/react";
import { auth } from "../lib/auth";

export function Providers({ children }: { children: ReactNode }) {
  return <AuthProvider client={auth}>{children}</AuthProvider>;
}
