import type { Certificate } from 'pkijs';
import { cmsBytes } from '../documents/cms-content-type';
import { UnpackError } from '../unpack/unpack-error';
import { certificateSubject } from './certificate-subject';

/** CMS `id-signedData` (RFC 5652 §5.1). */
const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** What the signature over a signed content says about it. */
export interface SignatureCheck {
  /** The signer certificate's subject (`CN=…, O=…, C=BE`); absent when the signature carries no certificate. */
  readonly signer?: string;
  /**
   * True when the signature was made over exactly these bytes with the key of that certificate.
   * Whether the certificate itself is trustworthy is not checked: no trust anchors are configured.
   */
  readonly verified: boolean;
  /** Why it does not verify, in the library's words. */
  readonly detail?: string;
}

/** The content a CMS signed-data structure wraps, and what its signature says. */
export interface SignedContent {
  readonly content: Buffer;
  readonly signature: SignatureCheck;
}

/**
 * Reads a CMS signed-data structure (an S/MIME `smime.p7m`, a signed `invoice.xml.p7m`), DER or
 * base64, and returns the content it wraps with the result of checking the first signer's
 * signature against it (S/MIME mail carries one signer). PKI.js and asn1js do the ASN.1 and CMS
 * work on WebCrypto; they are imported only when a message holds signed data, which keeps them off
 * the function's cold start. A signature that does not verify is reported, not thrown: the content
 * is still the sender's document. Unreadable structures and detached signatures (no content) throw
 * an `UnpackError` with the reason.
 */
export async function openSignedData(file: Buffer): Promise<SignedContent> {
  const [asn1js, pkijs] = await Promise.all([import('asn1js'), import('pkijs')]);
  const der = cmsBytes(file);
  let signed: InstanceType<typeof pkijs.SignedData>;
  try {
    const asn1 = asn1js.fromBER(new Uint8Array(der.buffer, der.byteOffset, der.length));
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== SIGNED_DATA)
      throw new Error(`content type ${info.contentType}, not signed data`);
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    throw new UnpackError(`signed data could not be read (${messageOf(error)})`, { cause: error });
  }
  const eContent = signed.encapContentInfo.eContent;
  if (eContent === undefined || !(eContent instanceof asn1js.OctetString)) {
    throw new UnpackError('signed data without content (a detached signature); nothing to unwrap');
  }
  // getValue() joins the pieces of a constructed (streamed, indefinite-length) OCTET STRING.
  const content = Buffer.from(eContent.getValue());
  return { content, signature: await checkSignature(signed, pkijs.SignedDataVerifyError) };
}

/** Verifies the first signer over the encapsulated content; the certificate chain is not checked. */
async function checkSignature(
  signed: import('pkijs').SignedData,
  VerifyError: typeof import('pkijs').SignedDataVerifyError,
): Promise<SignatureCheck> {
  try {
    const result = await signed.verify({ signer: 0, checkChain: false, extendedMode: true });
    return {
      ...signerOf(result.signerCertificate),
      verified: result.signatureVerified === true,
      ...(result.signatureVerified === true ? {} : { detail: 'the signature does not match the content' }),
    };
  } catch (error) {
    // PKI.js throws for a content that does not match its signed digest, a missing certificate,
    // an unsupported algorithm: each a signature that does not verify, with the reason.
    const certificate = error instanceof VerifyError ? error.signerCertificate : undefined;
    return { ...signerOf(certificate), verified: false, detail: verifyFailure(error) };
  }
}

/** PKI.js's reason, in plain words where it has a common one. */
function verifyFailure(error: unknown): string {
  const message = messageOf(error).replace(/^Error during verification:\s*/i, '');
  if (/message digest doesn't match/i.test(message)) return 'the content was changed after it was signed';
  return message;
}

function signerOf(certificate: Certificate | null | undefined): { signer?: string } {
  return certificate === null || certificate === undefined ? {} : { signer: certificateSubject(certificate) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How reports say what a signature check found: `signed by CN=…; signature verified`. */
export function describeSignature(signature: SignatureCheck): string {
  const by =
    signature.signer === undefined ? 'signed (no signer certificate)' : `signed by ${signature.signer}`;
  if (signature.verified) return `${by}; signature verified`;
  return `${by}; signature does not verify${signature.detail === undefined ? '' : ` (${signature.detail})`}`;
}
