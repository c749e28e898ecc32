// Typed usage of the public API, checked by `tsc --noEmit --strict`: if a public signature loses
// its types (or gains an `any`), this file stops compiling. The `@ts-expect-error` lines are calls
// that must NOT compile: were a body type to become `any`, the expected error would vanish and
// tsc would report the unused directive.
import {
  createAuthClient,
  init,
  isBetterAuthWasmError,
  pathOf,
  ApiError,
  type AuthClient,
  type AuthError,
  type AuthState,
  type AuthEvent,
  type BetterAuthWasmError,
  type Member,
  type Result,
  type User,
} from "better-auth-wasm";
import { AuthProvider, useSession, useAuthFetch, useAuth, useAuthState } from "better-auth-wasm/react";
import { createAuthClient as createInlineClient } from "better-auth-wasm/inline";
import { createElement } from "react";

const auth: AuthClient = createAuthClient({
  baseURL: "http://127.0.0.1:3000",
  apiOrigins: ["http://127.0.0.1:4000"],
  verification: "signature",
  crossTab: true,
  onUnauthorized: (e: AuthEvent) => console.log(e.type),
  onTwoFactorRedirect: async ({ twoFactorMethods }) => {
    const methods: string[] = twoFactorMethods;
    console.log(methods);
  },
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
  if (session.data) console.log(session.data.session.expiresAt.getTime(), session.data.user.id);
  const report = await auth.diagnose();
  if (!report.ok) console.log(String(report), report.checks.filter((c) => c.status === "failed").map((c) => c.name));
  auth.hydrateSession(null);
  const problem: AuthError | null = auth.getState().error;
  if (problem) console.log(problem.code);
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
  try {
    await auth.fetch("http://127.0.0.1:4000/api/me");
  } catch (e) {
    if (isBetterAuthWasmError(e)) {
      const err: BetterAuthWasmError = e;
      const name: "BetterAuthWasmError" = err.name;
      console.log(name, err.code, err.status);
    }
  }
  await auth.updateUser({ name: "B" });
  await auth.changePassword({ currentPassword: "password123", newPassword: "password456" });
  await auth.listSessions();
  await auth.revokeOtherSessions();
  await auth.revokeSession({ token: "t" });
  await auth.revokeSessions();
  await auth.signIn.social({ provider: "github", disableRedirect: true });
  await auth.verifyEmail({ query: { token: "t" } });
  const unsubscribe: () => void = auth.subscribe((e: AuthEvent) => {
    const s: AuthState = e.state;
    if (e.type === "refreshFailed") console.log(e.error.code, e.retryAt);
    if (e.type === "twoFactorRedirect") console.log(e.twoFactorMethods.join(","));
    console.log(s.status);
  });
  unsubscribe();
  const state: AuthState = auth.getState();
  const exp: number | null = state.tokenExpiresAt;
  console.log(exp);
  await auth.signOut();
  auth.dispose();
}

async function coreEndpoints(): Promise<void> {
  await auth.deleteUser();
  await auth.deleteUser({ password: "password123" });
  await auth.changeEmail({ newEmail: "new@example.com", callbackURL: "/settings" });
  await auth.updateSession({ theme: "dark" });
  const link = await auth.linkSocial({ provider: "google", callbackURL: "/settings" });
  if (link.data) console.log(link.data.url);
  await auth.unlinkAccount({ accountId: "acc" });
  const accounts = await auth.listAccounts();
  if (accounts.data) console.log(accounts.data.map((a) => a.providerId));
  const info = await auth.accountInfo({ query: { accountId: "acc" } });
  if (info.data) console.log(info.data.account.providerId);
  const access = await auth.getAccessToken({ accountId: "acc" });
  if (access.data) console.log(access.data.accessToken.length);
  await auth.refreshToken({ useAccountCookie: true });
  const ok = await auth.verifyPassword({ password: "password123" });
  if (ok.data) console.log(ok.data.status);
  // Better Auth's argument convention: `query` and `fetchOptions` beside the body.
  await auth.resetPassword({ newPassword: "password456", query: { token: "t" } });
  await auth.sendVerificationEmail({ email: "a@example.com" }, { query: { lang: "fr" } });
  await auth.updateUser({ name: "C", fetchOptions: { body: { image: null } } });

  // signIn.social with an ID token signs in directly: the answer is the session, not a URL.
  const direct = await auth.signIn.social({ provider: "google", idToken: { token: "eyJ...", nonce: "n" } });
  if (direct.data) {
    const redirect: false = direct.data.redirect;
    const user: User = direct.data.user;
    console.log(redirect, user.id, direct.data.token);
  }
  const viaProvider = await auth.signIn.social({ provider: "github" });
  if (viaProvider.data) console.log(viaProvider.data.url);

  // @ts-expect-error: the body is required.
  await auth.changeEmail();
  // @ts-expect-error: `newEmail`, not `email`.
  await auth.changeEmail({ email: "new@example.com" });
  // @ts-expect-error: `accountId` is a string.
  await auth.unlinkAccount({ accountId: 7 });
  // @ts-expect-error: an ID token needs its `token`.
  await auth.signIn.social({ provider: "google", idToken: { nonce: "n" } });
  // @ts-expect-error: `onSuccess` and the other hooks of Better Auth's fetchOptions are not supported.
  await auth.revokeSessions({ fetchOptions: { onSuccess: () => {} } });
  // @ts-expect-error: only GET and POST.
  await auth.listSessions({}, { method: "DELETE" });
  // @ts-expect-error: revokeSessions takes no body.
  await auth.revokeSessions({ token: "t" });
  // @ts-expect-error: verifyEmail's token goes in `query`.
  await auth.verifyEmail({ token: "t" });
}

async function twoFactorSignIn(): Promise<void> {
  const r = await auth.signIn.email({ email: "a@example.com", password: "password123" });
  if (r.error) return console.log(r.error.code);
  if (r.data.twoFactorRedirect) {
    // Narrowed: no session yet, only the methods to verify with.
    const methods: string[] = r.data.twoFactorMethods;
    // @ts-expect-error: a 2FA answer has no user.
    console.log(r.data.user);
    const verified = await auth.twoFactor.verifyTotp({ code: "123456", trustDevice: true });
    if (verified.data) console.log(verified.data.user.id, methods);
    await auth.twoFactor.sendOtp();
    await auth.twoFactor.verifyOtp({ code: "123456" });
    await auth.twoFactor.verifyBackupCode({ code: "abcde-fghij" });
  } else {
    const user: User = r.data.user;
    const t: string = r.data.token;
    console.log(user.email, t);
  }
  const enabled = await auth.twoFactor.enable({ password: "password123" });
  if (enabled.data && enabled.data.method === "totp") console.log(enabled.data.totpURI, enabled.data.backupCodes.length);
  const uri = await auth.twoFactor.getTotpUri({ password: "password123" });
  if (uri.data) console.log(uri.data.totpURI);
  const codes = await auth.twoFactor.generateBackupCodes({ password: "password123" });
  if (codes.data) console.log(codes.data.backupCodes.length);
  await auth.twoFactor.disable({ password: "password123" });
  const byName = await auth.signIn.username({ username: "ada", password: "password123" });
  if (byName.data && !byName.data.twoFactorRedirect) console.log(byName.data.user.username);
  // @ts-expect-error: the code is a string.
  await auth.twoFactor.verifyTotp({ code: 123456 });
  // @ts-expect-error: enable needs the password.
  await auth.twoFactor.enable({});
  // @ts-expect-error: the twoFactor plugin has no such method.
  await auth.twoFactor.verifyPasskey({ code: "1" });
}

async function plugins(): Promise<void> {
  // organization
  const created = await auth.organization.create({ name: "Acme", slug: "acme" });
  if (created.data) console.log(created.data.id, created.data.members.length);
  const active = await auth.organization.setActive({ organizationId: "org" });
  if (active.data) {
    const members: Member[] = active.data.members;
    console.log(members[0]?.user.email, active.data.invitations.length);
  }
  await auth.organization.setActive({ organizationId: null });
  const orgs = await auth.organization.list();
  if (orgs.data) console.log(orgs.data.map((o) => o.slug));
  await auth.organization.getFullOrganization();
  await auth.organization.getFullOrganization({ query: { organizationSlug: "acme" } });
  await auth.organization.update({ data: { name: "Acme Inc" } });
  const invite = await auth.organization.inviteMember({ email: "b@example.com", role: "member" });
  if (invite.data) {
    const status: "pending" | "accepted" | "rejected" | "canceled" = invite.data.status;
    console.log(status);
  }
  await auth.organization.acceptInvitation({ invitationId: "inv" });
  await auth.organization.rejectInvitation({ invitationId: "inv" });
  await auth.organization.cancelInvitation({ invitationId: "inv" });
  await auth.organization.listInvitations();
  const listed = await auth.organization.listMembers({ query: { limit: 10, organizationId: "org" } });
  if (listed.data) console.log(listed.data.total);
  await auth.organization.removeMember({ memberIdOrEmail: "b@example.com" });
  await auth.organization.updateMemberRole({ memberId: "m", role: ["admin", "member"] });
  await auth.organization.getActiveMember();
  await auth.organization.leave({ organizationId: "org" });
  const can = await auth.organization.hasPermission({ permissions: { project: ["create"] } });
  if (can.data) console.log(can.data.success);
  await auth.organization.delete({ organizationId: "org" });
  // @ts-expect-error: setActive takes an id or a slug, not a name.
  await auth.organization.setActive({ organizationName: "Acme" });
  // @ts-expect-error: create needs a slug.
  await auth.organization.create({ name: "Acme" });
  // @ts-expect-error: permissions are lists of actions.
  await auth.organization.hasPermission({ permissions: { project: "create" } });

  // admin
  const imp = await auth.admin.impersonateUser({ userId: "u" });
  if (imp.data) console.log(imp.data.session.impersonatedBy, imp.data.user.role);
  await auth.admin.stopImpersonating();
  const users = await auth.admin.listUsers({ query: { limit: 20, searchField: "email", searchValue: "@example.com" } });
  if (users.data) console.log(users.data.total, users.data.users.map((u) => u.banned));
  await auth.admin.getUser({ query: { id: "u" } });
  await auth.admin.createUser({ email: "c@example.com", password: "password123", name: "C", role: "user" });
  await auth.admin.updateUser({ userId: "u", data: { name: "D" } });
  await auth.admin.setRole({ userId: "u", role: "admin" });
  await auth.admin.banUser({ userId: "u", banReason: "spam", banExpiresIn: 3600 });
  await auth.admin.unbanUser({ userId: "u" });
  await auth.admin.listUserSessions({ userId: "u" });
  await auth.admin.revokeUserSession({ sessionToken: "s" });
  await auth.admin.revokeUserSessions({ userId: "u" });
  await auth.admin.removeUser({ userId: "u" });
  await auth.admin.setUserPassword({ userId: "u", newPassword: "password789" });
  await auth.admin.hasPermission({ permissions: { user: ["ban"] } });
  // @ts-expect-error: impersonateUser needs the user's id.
  await auth.admin.impersonateUser({});
  // @ts-expect-error: banExpiresIn is in seconds, a number.
  await auth.admin.banUser({ userId: "u", banExpiresIn: "1h" });

  // multiSession
  const devices = await auth.multiSession.listDeviceSessions();
  if (devices.data) console.log(devices.data.map((d) => d.user.email));
  const switched = await auth.multiSession.setActive({ sessionToken: "s" });
  if (switched.data) console.log(switched.data.user.id);
  await auth.multiSession.revoke({ sessionToken: "s" });
  // @ts-expect-error: setActive takes the session's token.
  await auth.multiSession.setActive({ sessionId: "s" });

  // username, anonymous, magicLink, emailOtp, phoneNumber, oneTimeToken
  const free = await auth.isUsernameAvailable({ username: "ada" });
  if (free.data) console.log(free.data.available);
  await auth.signIn.anonymous();
  await auth.deleteAnonymousUser();
  await auth.signIn.magicLink({ email: "a@example.com", callbackURL: "/dashboard" });
  const magic = await auth.magicLink.verify({ query: { token: "t", callbackURL: "/dashboard" } });
  if (magic.data) console.log(magic.data.session.id);
  await auth.emailOtp.sendVerificationOtp({ email: "a@example.com", type: "sign-in" });
  await auth.emailOtp.checkVerificationOtp({ email: "a@example.com", type: "sign-in", otp: "123456" });
  await auth.emailOtp.verifyEmail({ email: "a@example.com", otp: "123456" });
  await auth.emailOtp.requestPasswordReset({ email: "a@example.com" });
  await auth.emailOtp.resetPassword({ email: "a@example.com", otp: "123456", password: "password456" });
  await auth.signIn.emailOtp({ email: "a@example.com", otp: "123456" });
  await auth.forgetPassword.emailOtp({ email: "a@example.com" });
  await auth.phoneNumber.sendOtp({ phoneNumber: "+15551234567" });
  await auth.phoneNumber.verify({ phoneNumber: "+15551234567", code: "123456" });
  await auth.phoneNumber.requestPasswordReset({ phoneNumber: "+15551234567" });
  await auth.phoneNumber.resetPassword({ phoneNumber: "+15551234567", otp: "123456", newPassword: "password456" });
  const phone = await auth.signIn.phoneNumber({ phoneNumber: "+15551234567", password: "password123" });
  if (phone.data && !phone.data.twoFactorRedirect) console.log(phone.data.user.phoneNumberVerified);
  const ott = await auth.oneTimeToken.generate();
  if (ott.data) await auth.oneTimeToken.verify({ token: ott.data.token });
  // @ts-expect-error: not one of the email OTP types.
  await auth.emailOtp.sendVerificationOtp({ email: "a@example.com", type: "login" });
  // @ts-expect-error: magicLink.verify takes its token in `query`.
  await auth.magicLink.verify({ token: "t" });

  // passkey: the WebAuthn ceremony, in a dialog or in the autofill, then the list.
  const added = await auth.passkey.addPasskey({ name: "laptop", authenticatorAttachment: "platform" });
  if (added.error) console.log(added.error.code === "PASSKEY_CANCELLED", added.error.code === "PASSKEY_ALREADY_REGISTERED");
  else console.log(added.data.credentialID, added.data.backedUp);
  const controller = new AbortController();
  const byPasskey = await auth.signIn.passkey({ autoFill: true, signal: controller.signal });
  if (byPasskey.data) console.log(byPasskey.data.user.email);
  const keys = await auth.passkey.listUserPasskeys();
  if (keys.data) for (const k of keys.data) await auth.passkey.updatePasskey({ id: k.id, name: `${k.name ?? "passkey"} (old)` });
  await auth.passkey.deletePasskey({ id: "pk" });
  // @ts-expect-error: an attachment is "platform" or "cross-platform".
  await auth.passkey.addPasskey({ authenticatorAttachment: "usb" });
  // @ts-expect-error: deletePasskey needs the passkey's id.
  await auth.passkey.deletePasskey({});

  // $fetch: any endpoint by path, including plugins without types here.
  const passkeys = await auth.$fetch<{ id: string; name?: string }[]>("/passkey/list-user-passkeys");
  if (passkeys.data) console.log(passkeys.data.map((p) => p.id));
  const nonce = await auth.$fetch<{ nonce: string }>("/siwe/nonce", { method: "POST", body: { walletAddress: "0xabc", chainId: 1 } });
  if (nonce.data) console.log(nonce.data.nonce.length);
  const anything: Result<unknown> = await auth.$fetch("/some-plugin/some-path", { query: { page: 2, all: true } });
  console.log(anything.error?.code);
  // @ts-expect-error: paths start with "/".
  await auth.$fetch("passkey/list-user-passkeys");
  // @ts-expect-error: T defaults to unknown: the answer must be narrowed before use.
  anything.data?.length;

  const path: `/${string}` = pathOf(["twoFactor", "verifyTotp"]);
  console.log(path);
}

function App() {
  const { data, isPending, isRefetching, error, refetch } = useSession();
  const state = useAuthState();
  const authFetch = useAuthFetch();
  const client: AuthClient = useAuth();
  void authFetch;
  void client;
  void refetch;
  if (error) return createElement("p", null, `${error.code}: ${error.message}`);
  if (isPending || isRefetching) return createElement("p", null, state.lifecycle);
  const created: Date | undefined = data?.user.createdAt;
  return createElement("p", null, data ? `${data.user.name} since ${created?.toISOString()}` : "signed out");
}

export const tree = createElement(AuthProvider, { client: auth }, createElement(App));
void flows;
void coreEndpoints;
void twoFactorSignIn;
void plugins;

// The inline entry has the same types.
const inlineClient: AuthClient = createInlineClient({ baseURL: "http://127.0.0.1:3000" });
void inlineClient;
