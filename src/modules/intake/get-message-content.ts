import type { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import type { BlobStore } from "../../platform/blobs/blob-store.ts";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import { inboundAttachments } from "./intake.tables.ts";
import { loadVisibleInboundMessage } from "./load-visible-inbound-message.ts";

export interface DownloadableContent {
  stream: Readable;
  filename: string;
  contentType: string;
  size: number;
}

/** The message exactly as received (message/rfc822), for download. */
export async function getRawMessage(
  db: Db,
  blobStore: BlobStore,
  input: { actor: Actor; id: string },
): Promise<DownloadableContent> {
  const row = await loadVisibleInboundMessage(db, input.actor, input.id);
  return {
    stream: await blobStore.get(row.rawSha256),
    filename: `message-${row.id}.eml`,
    contentType: "message/rfc822",
    size: row.rawSize,
  };
}

/** One attachment's bytes, if the actor may see its message. */
export async function getAttachment(
  db: Db,
  blobStore: BlobStore,
  input: { actor: Actor; id: string },
): Promise<DownloadableContent> {
  const notFound = new DomainError("ATTACHMENT_NOT_FOUND", `Attachment ${input.id} not found.`);
  if (!/^[0-9a-f-]{36}$/i.test(input.id)) throw notFound;
  const [attachment] = await db
    .select()
    .from(inboundAttachments)
    .where(and(eq(inboundAttachments.id, input.id)));
  if (!attachment) throw notFound;
  try {
    await loadVisibleInboundMessage(db, input.actor, attachment.inboundMessageId);
  } catch (err) {
    if (err instanceof DomainError && err.code === "INBOUND_MESSAGE_NOT_FOUND") throw notFound;
    throw err;
  }
  return {
    stream: await blobStore.get(attachment.sha256),
    filename: attachment.filename ?? `attachment-${attachment.position + 1}.bin`,
    contentType: attachment.contentType,
    size: attachment.size,
  };
}
