import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { ENCRYPTED_CONTENT } from '../../functions/documents/decide-document';
import { processMessage } from '../../functions/ingest/process-message';
import type { MessageReport } from '../../functions/reports/message-report';
import {
  type ClearfactsStandIn,
  type StandInUpload,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { MemoryPipeline } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';
import {
  base64Lines,
  envelopedData,
  signedData,
  signedEntity,
  smimeMail,
  type TestSigner,
  tampered,
  throwawaySigner,
} from '../support/signed-data';

const TOKEN = `cfTEST${'s1G7'.repeat(18)}SIGNED`;
const FIXTURES = join(__dirname, '..', 'fixtures');
const SIGNED_XML = readFileSync(join(FIXTURES, 'signed', 'invoice.xml.p7m'));
const XML = readFileSync(join(FIXTURES, 'xml', 'e-fff-invoice.xml'));
const SIGNER = 'CN=Jan Peeters, O=Supplier BV, C=BE';
const PDF = minimalPdf('Factuur 2026-118 signed');

let clearfacts: ClearfactsStandIn;
let signer: TestSigner;

beforeAll(async () => {
  clearfacts = await startClearfactsStandIn({ token: TOKEN });
  signer = await throwawaySigner('Jan Peeters', 'Supplier BV');
});

afterAll(() => clearfacts.close());

/** Processes `raw` for the acme mailbox, uploading through the real client to the stand-in. */
async function deliver(raw: Buffer): Promise<{ report: MessageReport; uploads: StandInUpload[] }> {
  const pipeline = new MemoryPipeline();
  const uploader = new ClearfactsClient({
    apiUrl: clearfacts.url,
    token: () => TOKEN,
    sleep: async () => undefined,
  });
  const before = clearfacts.uploads.length;
  const report = await processMessage(pipeline.incoming(raw), { ...pipeline.deps, uploader });
  return { report, uploads: clearfacts.uploads.slice(before) };
}

/** The opaque-signed message a client sends: a text and the PDF, signed as one MIME entity. */
async function signedInvoiceDer(): Promise<Buffer> {
  const entity = signedEntity('Factuur 2026-118 in bijlage.', 'factuur-2026-118.pdf', 'application/pdf', PDF);
  return signedData(entity, signer);
}

function bytesOf(upload: StandInUpload | undefined): Buffer {
  return Buffer.from(upload?.file.bytes ?? []);
}

describe('an opaque-signed S/MIME message (smime.p7m)', () => {
  it('delivers the PDF inside once, and the report names the signer and says the signature verified', async () => {
    const { report, uploads } = await deliver(smimeMail(await signedInvoiceDer(), 'Factuur 2026-118'));

    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ filename: 'factuur-2026-118.pdf', file: { type: 'application/pdf' } });
    expect(bytesOf(uploads[0]).equals(PDF)).toBe(true);
    expect(report.outcome).toBe('delivered');
    const signature = { signer: SIGNER, verified: true };
    expect(report.documents).toEqual([
      expect.objectContaining({
        filename: 'smime.p7m',
        detectedType: 'signed-data',
        decision: 'skip',
        reason: `signed content, signed by ${SIGNER}; signature verified; what it holds is listed separately`,
        signature,
      }),
      expect.objectContaining({
        filename: 'factuur-2026-118.pdf',
        decision: 'upload',
        origin: `signed content "smime.p7m" (signed by ${SIGNER}; signature verified)`,
        signature,
      }),
    ]);
  });

  it('still delivers the PDF when one byte of the signed content changed, reporting that the signature does not verify', async () => {
    const der = tampered(await signedInvoiceDer(), 'Factuur 2026-118 in', 'Factuur 2026-119 in');

    const { report, uploads } = await deliver(smimeMail(der, 'Factuur 2026-118'));

    expect(uploads).toHaveLength(1);
    expect(bytesOf(uploads[0]).equals(PDF)).toBe(true);
    expect(report.outcome).toBe('delivered');
    const [envelope, pdf] = report.documents;
    expect(envelope?.reason).toBe(
      `signed content, signed by ${SIGNER}; signature does not verify (the content was changed after it was signed); what it holds is listed separately`,
    );
    expect(envelope?.signature).toMatchObject({ signer: SIGNER, verified: false });
    expect(pdf).toMatchObject({ decision: 'upload', signature: { signer: SIGNER, verified: false } });
    expect(pdf?.origin).toContain('signature does not verify');
  });

  it('reports an encrypted (enveloped) message as unreadable without the key, uploading nothing', async () => {
    const der = await envelopedData(signedEntity('Geheim.', 'factuur.pdf', 'application/pdf', PDF), signer);

    const { report, uploads } = await deliver(smimeMail(der, 'Factuur (versleuteld)', 'enveloped-data'));

    expect(uploads).toEqual([]);
    expect(report.outcome).toBe('no-documents');
    expect(report.documents).toEqual([
      expect.objectContaining({
        filename: 'smime.p7m',
        detectedType: 'encrypted-data',
        decision: 'skip',
        reason: ENCRYPTED_CONTENT,
      }),
    ]);
  });

  it('keeps handling a detached signature (multipart/signed with smime.p7s) as before: the PDF goes, the signature is skipped', async () => {
    const entity = signedEntity('Factuur in bijlage.', 'factuur.pdf', 'application/pdf', PDF);
    const signature = await signedData(entity, signer, { detached: true });
    const raw = Buffer.concat([
      Buffer.from(
        [
          'From: Supplier BV <billing@supplier.example.be>',
          'To: client@acme.example.be',
          'Subject: Factuur (ondertekend)',
          'MIME-Version: 1.0',
          'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="outer"',
          '',
          '--outer',
          '',
        ].join('\r\n'),
      ),
      entity,
      Buffer.from(
        [
          '--outer',
          'Content-Type: application/pkcs7-signature; name="smime.p7s"',
          'Content-Transfer-Encoding: base64',
          'Content-Disposition: attachment; filename="smime.p7s"',
          '',
          base64Lines(signature),
          '--outer--',
          '',
        ].join('\r\n'),
      ),
    ]);

    const { report, uploads } = await deliver(raw);

    expect(uploads.map((upload) => upload.filename)).toEqual(['factuur.pdf']);
    expect(report.documents).toContainEqual(
      expect.objectContaining({
        filename: 'smime.p7s',
        detectedType: 'signature',
        reason: 'S/MIME signature, not a document',
      }),
    );
  });
});

describe('signed invoice files (.p7m)', () => {
  it('delivers the XML invoice inside an OpenSSL-signed invoice.xml.p7m (DER), named invoice.xml', async () => {
    const raw = await composeMail({
      subject: 'E-factuur 2026-007',
      text: 'In bijlage de getekende e-factuur.',
      attachments: [
        { filename: 'invoice.xml.p7m', content: SIGNED_XML, contentType: 'application/pkcs7-mime' },
      ],
    });

    const { report, uploads } = await deliver(raw);

    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ filename: 'invoice.xml', file: { type: 'application/xml' } });
    expect(bytesOf(uploads[0]).equals(XML)).toBe(true);
    expect(report.documents[1]).toMatchObject({
      filename: 'invoice.xml',
      detectedType: 'invoice-xml',
      signature: {
        signer: 'CN=Facturatie Gateway e-invoicing, O=Facturatie Gateway NV, C=BE',
        verified: true,
      },
    });
  });

  it('delivers the PDF inside a base64-encoded factuur.pdf.p7m, named factuur.pdf', async () => {
    const base64 = Buffer.from(`${base64Lines(await signedData(PDF, signer))}\r\n`);
    const raw = await composeMail({
      subject: 'Factuur 2026-118',
      text: 'Getekende factuur in bijlage.',
      attachments: [
        { filename: 'factuur.pdf.p7m', content: base64, contentType: 'application/octet-stream' },
      ],
    });

    const { report, uploads } = await deliver(raw);

    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ filename: 'factuur.pdf', file: { type: 'application/pdf' } });
    expect(bytesOf(uploads[0]).equals(PDF)).toBe(true);
    expect(report.documents[0]).toMatchObject({
      filename: 'factuur.pdf.p7m',
      detectedType: 'signed-data',
      signature: { signer: SIGNER, verified: true },
    });
  });

  it('reports a .p7m it cannot read as not opened, and delivers the rest of the message', async () => {
    const broken = SIGNED_XML.subarray(0, 200);
    const raw = await composeMail({
      subject: 'Factuur 2026-118',
      attachments: [
        { filename: 'invoice.xml.p7m', content: broken, contentType: 'application/pkcs7-mime' },
        { filename: 'factuur.pdf', content: PDF },
      ],
    });

    const { report, uploads } = await deliver(raw);

    expect(uploads.map((upload) => upload.filename)).toEqual(['factuur.pdf']);
    expect(report.documents[0]).toMatchObject({ filename: 'invoice.xml.p7m', decision: 'skip' });
    expect(report.documents[0]?.reason).toMatch(/^signed content not opened: signed data could not be read/);
  });
});
