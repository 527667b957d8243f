import { retryDelayMs } from "../../../platform/jobs/retry.ts";
import { type Actor, assertCan } from "../../identity/actor.ts";
import { assertCanReadKeys } from "../../keys/keys-rules.ts";

/** The sealing purpose (key derivation label) of mailbox passwords. */
export const MAILBOX_PASSWORD_SEALING = "imap-mailbox-passwords";

export const tlsModes = ["implicit", "starttls", "none"] as const;
export type TlsMode = (typeof tlsModes)[number];
export const processedActions = ["flag", "move"] as const;

/** A failing mailbox is retried after ~5 s, 10 s, 20 s … but never later than this. */
export const MAX_BACKOFF_MS = 15 * 60_000;

/** When to try a mailbox again after `failures` consecutive failed polls (jittered). */
export function nextAttemptDelayMs(failures: number, random: () => number = Math.random): number {
  return Math.min(retryDelayMs(failures, random), MAX_BACKOFF_MS);
}

/** The usual IMAP port for a TLS mode. */
export const defaultImapPort = (mode: TlsMode): number => (mode === "implicit" ? 993 : 143);

/** Mailbox credentials are instance configuration: admins only. */
export function assertCanManageMailboxes(actor: Actor): void {
  assertCan(actor, "tenants:manage");
}

/** The polling status (errors, counts) is for the team, like the keys list. */
export function assertCanReadMailboxes(actor: Actor): void {
  assertCanReadKeys(actor);
}

/** The address an IMAP message was sent from: Return-Path, else From (envelope `from` for intake). */
export function envelopeSender(headerBlock: string): string {
  const field = (name: string) =>
    new RegExp(`^${name}:[ \\t]*([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, "im").exec(
      headerBlock,
    )?.[1];
  const value = field("return-path") ?? field("from") ?? "";
  const angle = /<([^<>\s]*)>/.exec(value);
  if (angle) return angle[1] ?? "";
  return /[^\s<>"]+@[^\s<>"]+/.exec(value)?.[0] ?? "";
}
