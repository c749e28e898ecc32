// The flow both example apps share (the README's components): signed out, sign up a fresh user,
// call the API and see it answer, sign out, sign in again.
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifacts, freshEmail } from "../e2e/browser.mjs";

export async function signUpAndCallApi(page, tag) {
  await page.waitForSelector("#client-state[data-status=unauthenticated]", { timeout: 20_000 });
  const email = freshEmail(tag);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "correct-horse-battery");
  await page.click("button[type=submit]");
  await page.waitForSelector("#client-state[data-status=authenticated]", { timeout: 10_000 });
  // AuthProvider refetches the session on window focus, at most once per 5 s (as Better Auth's
  // client): two focus events, one get-session.
  const refetches = [];
  const onRequest = (r) => {
    if (r.url().endsWith("/api/auth/get-session")) refetches.push(r.url());
  };
  page.on("request", onRequest);
  await page.evaluate(() => {
    window.dispatchEvent(new Event("focus"));
    window.dispatchEvent(new Event("focus"));
  });
  await page.waitForTimeout(1_000);
  page.off("request", onRequest);
  assert.equal(refetches.length, 1, "one refetch for two focus events within 5 s");
  await page.click("#call-api");
  await page.waitForFunction(() => document.querySelector("#answer").textContent.startsWith("200"), null, { timeout: 10_000 });
  assert.ok((await page.textContent("#answer")).includes(email));
  await page.screenshot({ path: join(artifacts, `${tag}.png`) });
  await page.click("#sign-out");
  await page.waitForSelector("#client-state[data-status=unauthenticated]", { timeout: 10_000 });
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "wrong-password-here");
  await page.click("button[data-sign-in]");
  await page.waitForSelector("#error", { timeout: 10_000 });
  assert.match(await page.textContent("#error"), /^INVALID_EMAIL_OR_PASSWORD: /);
  await page.fill("input[name=password]", "correct-horse-battery");
  await page.click("button[data-sign-in]");
  await page.waitForSelector("#client-state[data-status=authenticated]", { timeout: 10_000 });
}
