import { constants, createDecipheriv, type KeyObject, privateDecrypt } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/** A certificate and its private key that mail may be encrypted to. */
export interface SmimeIdentityKey {
  certificate: pkijs.Certificate;
  privateKey: KeyObject;
}

export const CMS_ENVELOPED_DATA = "1.2.840.113549.1.7.3";
export const CMS_AUTH_ENVELOPED_DATA = "1.2.840.113549.1.9.16.1.23";

const RSA_PKCS1 = "1.2.840.113549.1.1.1";
const RSA_OAEP = "1.2.840.113549.1.1.7";
const SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

const cbcCiphers: Record<string, string> = {
  "2.16.840.1.101.3.4.1.2": "aes-128-cbc",
  "2.16.840.1.101.3.4.1.22": "aes-192-cbc",
  "2.16.840.1.101.3.4.1.42": "aes-256-cbc",
  "1.2.840.113549.3.7": "des-ede3-cbc",
};
const gcmCiphers: Record<string, string> = {
  "2.16.840.1.101.3.4.1.6": "aes-128-gcm",
  "2.16.840.1.101.3.4.1.26": "aes-192-gcm",
  "2.16.840.1.101.3.4.1.46": "aes-256-gcm",
};
const oaepHashes: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/** Why a message could not be decrypted, in words for the handler. */
export class CmsDecryptError extends Error {}

interface EnvelopeParts {
  recipients: pkijs.RecipientInfo[];
  content: pkijs.EncryptedContentInfo;
  /** AuthEnvelopedData only: the GCM tag and the DER of the authenticated attributes. */
  mac?: Buffer;
  aad?: Buffer;
}

/**
 * Decrypts CMS enveloped-data (RFC 5652: AES-CBC, 3DES) or auth-enveloped-data
 * (RFC 5083/5084: AES-GCM) whose key was transported with RSA (PKCS#1 v1.5 or
 * OAEP) to one of `identities`. pkijs reads the structures; Node's OpenSSL
 * unwraps the key, because WebCrypto has no RSAES-PKCS1-v1_5, which is what
 * OpenSSL, Outlook and Thunderbird send by default (Node decrypts it with
 * implicit rejection, which defeats the Bleichenbacher/Marvin oracle).
 */
export function decryptCms(contentInfo: pkijs.ContentInfo, identities: SmimeIdentityKey[]): Buffer {
  const parts = envelopeParts(contentInfo);
  const match = findRecipient(parts.recipients, identities);
  if (!match) {
    throw new CmsDecryptError(
      "The message is not encrypted to any of the team's S/MIME identities.",
    );
  }
  const cek = unwrapKey(match.info, match.identity.privateKey);
  return decryptContent(parts, cek);
}

function envelopeParts(contentInfo: pkijs.ContentInfo): EnvelopeParts {
  if (contentInfo.contentType === CMS_ENVELOPED_DATA) {
    const enveloped = new pkijs.EnvelopedData({ schema: contentInfo.content });
    return { recipients: enveloped.recipientInfos, content: enveloped.encryptedContentInfo };
  }
  if (contentInfo.contentType !== CMS_AUTH_ENVELOPED_DATA) {
    throw new CmsDecryptError(`Not an encrypted CMS content type (${contentInfo.contentType}).`);
  }
  // AuthEnvelopedData ::= SEQUENCE { version, originatorInfo [0] OPTIONAL, recipientInfos,
  //   authEncryptedContentInfo, authAttrs [1] OPTIONAL, mac, unauthAttrs [2] OPTIONAL }
  const fields = (contentInfo.content as asn1js.Sequence).valueBlock.value.slice(1);
  if (fields[0]?.idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0) fields.shift();
  const [recipientSet, encrypted, ...rest] = fields;
  if (!(recipientSet instanceof asn1js.Set) || !encrypted) {
    throw new CmsDecryptError("Malformed auth-enveloped-data.");
  }
  let aad: Buffer | undefined;
  if (rest[0]?.idBlock.tagClass === 3 && rest[0].idBlock.tagNumber === 1) {
    // The MAC covers the attributes DER-encoded with their SET OF tag, not [1].
    const der = Buffer.from(rest[0].toBER(false));
    der[0] = 0x31;
    aad = der;
    rest.shift();
  }
  const mac = rest[0];
  if (!(mac instanceof asn1js.OctetString))
    throw new CmsDecryptError("auth-enveloped-data has no MAC.");
  return {
    recipients: recipientSet.valueBlock.value.map((schema) => new pkijs.RecipientInfo({ schema })),
    content: new pkijs.EncryptedContentInfo({ schema: encrypted }),
    mac: Buffer.from(mac.valueBlock.valueHexView),
    ...(aad ? { aad } : {}),
  };
}

function findRecipient(
  recipients: pkijs.RecipientInfo[],
  identities: SmimeIdentityKey[],
): { info: pkijs.KeyTransRecipientInfo; identity: SmimeIdentityKey } | null {
  for (const recipient of recipients) {
    if (!(recipient.value instanceof pkijs.KeyTransRecipientInfo)) continue;
    const rid = recipient.value.rid;
    for (const identity of identities) {
      const matches =
        rid instanceof pkijs.IssuerAndSerialNumber
          ? rid.issuer.isEqual(identity.certificate.issuer) &&
            rid.serialNumber.isEqual(identity.certificate.serialNumber)
          : sameBytes(rid.valueBlock.valueHexView, subjectKeyIdentifier(identity.certificate));
      if (matches) return { info: recipient.value, identity };
    }
  }
  return null;
}

function subjectKeyIdentifier(cert: pkijs.Certificate): Uint8Array | null {
  const extension = cert.extensions?.find((e) => e.extnID === SUBJECT_KEY_IDENTIFIER);
  const parsed = extension?.parsedValue as asn1js.OctetString | undefined;
  return parsed ? parsed.valueBlock.valueHexView : null;
}

const sameBytes = (a: Uint8Array, b: Uint8Array | null) =>
  b !== null && Buffer.from(a).equals(Buffer.from(b));

function unwrapKey(info: pkijs.KeyTransRecipientInfo, privateKey: KeyObject): Buffer {
  const algorithm = info.keyEncryptionAlgorithm.algorithmId;
  const encryptedKey = Buffer.from(info.encryptedKey.valueBlock.valueHexView);
  try {
    if (algorithm === RSA_PKCS1) {
      return privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
        encryptedKey,
      );
    }
    if (algorithm === RSA_OAEP) {
      const params = info.keyEncryptionAlgorithm.algorithmParams
        ? new pkijs.RSAESOAEPParams({ schema: info.keyEncryptionAlgorithm.algorithmParams })
        : new pkijs.RSAESOAEPParams();
      const oaepHash = oaepHashes[params.hashAlgorithm.algorithmId];
      if (!oaepHash) throw new CmsDecryptError("Unsupported RSA-OAEP hash.");
      return privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
        encryptedKey,
      );
    }
  } catch (err) {
    if (err instanceof CmsDecryptError) throw err;
    throw new CmsDecryptError("The content key could not be unwrapped with the team's key.");
  }
  throw new CmsDecryptError(`Unsupported key transport algorithm ${algorithm}.`);
}

function decryptContent(parts: EnvelopeParts, cek: Buffer): Buffer {
  const algorithm = parts.content.contentEncryptionAlgorithm;
  const ciphertext = Buffer.from(parts.content.getEncryptedContent());
  const cbc = cbcCiphers[algorithm.algorithmId];
  const gcm = gcmCiphers[algorithm.algorithmId];
  try {
    if (cbc) {
      const iv = (algorithm.algorithmParams as asn1js.OctetString).valueBlock.valueHexView;
      const decipher = createDecipheriv(cbc, cek, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    }
    if (gcm && parts.mac) {
      const params = (algorithm.algorithmParams as asn1js.Sequence).valueBlock.value;
      const nonce = (params[0] as asn1js.OctetString).valueBlock.valueHexView;
      const decipher = createDecipheriv(gcm as "aes-256-gcm", cek, nonce, {
        authTagLength: parts.mac.length,
      });
      if (parts.aad) decipher.setAAD(parts.aad);
      decipher.setAuthTag(parts.mac);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    }
  } catch {
    throw new CmsDecryptError("The content does not decrypt (wrong key, or altered in transit).");
  }
  throw new CmsDecryptError(`Unsupported content encryption ${algorithm.algorithmId}.`);
}
