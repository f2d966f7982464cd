import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** CMS content types (RFC 5652 §4, §5.1) and the signed attributes S/MIME signers add (§11.1, §11.2). */
const ID_DATA = '1.2.840.113549.1.7.1';
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const ID_ENVELOPED_DATA = '1.2.840.113549.1.7.3';
const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

/** A throwaway signer: a fresh RSA key and a self-signed certificate naming it. */
export interface TestSigner {
  readonly certificate: pkijs.Certificate;
  readonly privateKey: webcrypto.CryptoKey;
}

/** Makes a signer with WebCrypto and PKI.js; the certificate's subject is `CN=<commonName>, O=<organisation>, C=BE`. */
export async function throwawaySigner(commonName: string, organisation: string): Promise<TestSigner> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: 4711 });
  for (const name of [certificate.issuer, certificate.subject]) {
    name.typesAndValues.push(
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.6',
        value: new asn1js.PrintableString({ value: 'BE' }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.10',
        value: new asn1js.Utf8String({ value: organisation }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.3',
        value: new asn1js.Utf8String({ value: commonName }),
      }),
    );
  }
  certificate.notBefore.value = new Date('2026-01-01T00:00:00Z');
  certificate.notAfter.value = new Date('2036-01-01T00:00:00Z');
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  await certificate.sign(keys.privateKey, 'SHA-256');
  return { certificate, privateKey: keys.privateKey };
}

/**
 * CMS signed data over `content` (DER), as an S/MIME client signs: SHA-256, signed attributes with
 * the content type and the content's digest, the signer's certificate included. The content is
 * inside (opaque signing, a `.p7m`) unless `detached` (a `multipart/signed` message's `smime.p7s`).
 */
export async function signedData(
  content: Buffer,
  signer: TestSigner,
  options: { detached?: boolean } = {},
): Promise<Buffer> {
  const digest = await webcrypto.subtle.digest('SHA-256', content);
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: ID_DATA,
      ...(options.detached === true ? {} : { eContent: new asn1js.OctetString({ valueHex: content }) }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: signer.certificate.issuer,
          serialNumber: signer.certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: ID_CONTENT_TYPE,
              values: [new asn1js.ObjectIdentifier({ value: ID_DATA })],
            }),
            new pkijs.Attribute({
              type: ID_MESSAGE_DIGEST,
              values: [new asn1js.OctetString({ valueHex: digest })],
            }),
          ],
        }),
      }),
    ],
    certificates: [signer.certificate],
  });
  await signed.sign(signer.privateKey, 0, 'SHA-256', content);
  const info = new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signed.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

/** CMS enveloped data (DER): `content` encrypted with AES-256 for the signer's certificate, as S/MIME encrypts. */
export async function envelopedData(content: Buffer, recipient: TestSigner): Promise<Buffer> {
  const enveloped = new pkijs.EnvelopedData();
  enveloped.addRecipientByCertificate(recipient.certificate, { oaepHashAlgorithm: 'SHA-256' });
  await enveloped.encrypt({ name: 'AES-CBC', length: 256 }, new Uint8Array(content).buffer);
  const info = new pkijs.ContentInfo({ contentType: ID_ENVELOPED_DATA, content: enveloped.toSchema() });
  return Buffer.from(info.toSchema().toBER(false));
}

/** `der` with one byte of the signed content changed: the first `from` in it becomes `to`. */
export function tampered(der: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('tampering must keep the length');
  const at = der.indexOf(from);
  if (at < 0) throw new Error(`"${from}" is not in the signed data`);
  const copy = Buffer.from(der);
  copy.write(to, at);
  return copy;
}

/** Lines of at most 76 characters, as MIME writes base64. */
export function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/**
 * An opaque-signed S/MIME message (RFC 8551 §3.5.2): the whole message is one
 * `application/pkcs7-mime; smime-type=signed-data` part named `smime.p7m` (`enveloped-data` for
 * an encrypted one, §3.3).
 */
export function smimeMail(der: Buffer, subject: string, smimeType = 'signed-data'): Buffer {
  return Buffer.from(
    [
      'From: Supplier BV <billing@supplier.example.be>',
      'To: client@acme.example.be',
      `Subject: ${subject}`,
      'Date: Fri, 20 Nov 2026 10:14:02 +0100',
      'Message-ID: <signed-1@supplier.example.be>',
      'MIME-Version: 1.0',
      `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"`,
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="smime.p7m"',
      '',
      base64Lines(der),
      '',
    ].join('\r\n'),
  );
}

/** The MIME entity an S/MIME client signs: a short text and `filename` attached (no From, no Date). */
export function signedEntity(text: string, filename: string, contentType: string, content: Buffer): Buffer {
  return Buffer.from(
    [
      'Content-Type: multipart/mixed; boundary="signed-entity"',
      '',
      '--signed-entity',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '--signed-entity',
      `Content-Type: ${contentType}; name="${filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${filename}"`,
      '',
      base64Lines(content),
      '--signed-entity--',
      '',
    ].join('\r\n'),
  );
}
