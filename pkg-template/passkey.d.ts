// `signIn.passkey` and `passkey.addPasskey`'s module, loaded on first use by index.js (the WebAuthn
// ceremony; see index.d.ts `SignInPasskeyOptions`, `AddPasskeyOptions`).
import type { AddPasskeyOptions, SignInPasskeyOptions } from "./index.js";

export function decode(text: unknown): Uint8Array | null;
export function encode(bytes: Uint8Array): string;
export function passkeys(
  error: (code: string, message: string) => Error,
  disposed: () => boolean,
): {
  run(
    client: (what: number, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => any,
    create: boolean,
    options: AddPasskeyOptions & SignInPasskeyOptions,
  ): Promise<any>;
  cancel(): void;
  readOptions(create: boolean, answer: unknown, extensions: Record<string, any> | null | undefined, conditional: boolean): {
    json: Record<string, any>;
    challenge: Uint8Array;
    userId: Uint8Array | null;
    credentialIds: Uint8Array[];
    rpId: string | null;
  };
  checkRpId(rpId: string | null, host: string): void;
  publicKeyOptions(create: boolean, options: ReturnType<ReturnType<typeof passkeys>["readOptions"]>): Record<string, any>;
  credentialJSON(create: boolean, credential: Record<string, unknown>): Record<string, any>;
  readCredential(credential: any): Record<string, unknown>;
  refusal(create: boolean, name: string, message: string): Error;
};
