import { useState, type FormEvent } from "react";
import type { AuthError } from "better-auth-wasm";
import { useAuth } from "better-auth-wasm/react";

export function SignIn() {
  const auth = useAuth();
  const [error, setError] = useState<AuthError | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>, signUp: boolean) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    const { error } = signUp
      ? await auth.signUp.email({ name: email.split("@")[0], email, password })
      : await auth.signIn.email({ email, password });
    setError(error); // e.g. INVALID_EMAIL_OR_PASSWORD, COOKIE_NOT_STORED, CORS_REFUSED
  }

  return (
    <form onSubmit={(e) => submit(e, !(e.nativeEvent as SubmitEvent).submitter?.hasAttribute("data-sign-in"))}>
      <input name="email" type="email" required />
      <input name="password" type="password" required minLength={8} />
      <button type="submit">Sign up</button>
      <button type="submit" data-sign-in>Sign in</button>
      {error && <p id="error">{error.code}: {error.message}</p>}
    </form>
  );
}
