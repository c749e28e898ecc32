// The flow both example apps share: signed out, sign up a fresh user, call the API, see it answer.
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
  await page.click("#call-api");
  await page.waitForFunction(() => document.querySelector("#answer").textContent.startsWith("200"), null, { timeout: 10_000 });
  assert.ok((await page.textContent("#answer")).includes(email));
  await page.screenshot({ path: join(artifacts, `${tag}.png`) });
}
