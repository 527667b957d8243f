import type { PrivateKey, PublicKey } from "openpgp";
import { detachedSign, signAndEncrypt } from "../pgp/pgp-messages.ts";
import {
  buildBodyEntity,
  type ComposedMessage,
  composeMessage,
  type MailBody,
  type MailHeaders,
  newBoundary,
  toCrlf,
} from "./mime.ts";

/**
 * RFC 3156 §5 multipart/signed: the body entity, then a detached signature
 * over exactly its CRLF bytes, with the `micalg` of the digest used.
 */
export async function composeSignedMessage(
  headers: MailHeaders,
  body: MailBody,
  signingKey: PrivateKey,
): Promise<ComposedMessage> {
  const entity = buildBodyEntity(body);
  const signature = await detachedSign(entity, signingKey);
  const boundary = newBoundary();
  return composeMessage(
    headers,
    [
      `Content-Type: multipart/signed; boundary="${boundary}"; micalg=${signature.micalg};`,
      ` protocol="application/pgp-signature"`,
      "",
      "This is an OpenPGP/MIME signed message (RFC 3156).",
      `--${boundary}`,
      entity,
      `--${boundary}`,
      'Content-Type: application/pgp-signature; name="signature.asc"',
      "Content-Description: OpenPGP digital signature",
      'Content-Disposition: attachment; filename="signature.asc"',
      "",
      toCrlf(signature.armored).replace(/\r\n$/, ""),
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

/**
 * RFC 3156 §4 multipart/encrypted, signed then encrypted in one OpenPGP
 * message (§6.2): only the recipients read the body and attachments, and
 * they see who signed it. Headers such as Subject stay readable in transit.
 */
export async function composeEncryptedMessage(
  headers: MailHeaders,
  body: MailBody,
  signingKey: PrivateKey,
  recipients: PublicKey[],
): Promise<ComposedMessage> {
  const armored = await signAndEncrypt({ data: buildBodyEntity(body), signingKey, recipients });
  const boundary = newBoundary();
  return composeMessage(
    headers,
    [
      `Content-Type: multipart/encrypted; boundary="${boundary}";`,
      ` protocol="application/pgp-encrypted"`,
      "",
      "This is an OpenPGP/MIME encrypted message (RFC 3156).",
      `--${boundary}`,
      "Content-Type: application/pgp-encrypted",
      "Content-Description: PGP/MIME version identification",
      "",
      "Version: 1",
      "",
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="encrypted.asc"',
      "Content-Description: OpenPGP encrypted message",
      'Content-Disposition: inline; filename="encrypted.asc"',
      "",
      toCrlf(armored).replace(/\r\n$/, ""),
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}
