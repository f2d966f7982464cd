import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IdentityResult, InvoiceIdentity } from '../../functions/identity/invoice-identity';
import { pdfFacts } from '../../functions/identity/pdf-facts';
import { type IdentityContext, resolveTextIdentity } from '../../functions/identity/resolve-identity';
import labelsJson from '../fixtures/identity/labels.json';

/** Measured on the labelled set (test/fixtures/identity): the floor below which recall may not fall. */
const RECALL_FLOOR = 0.72;

const FIXTURES = join(__dirname, '..', 'fixtures', 'identity', 'pdf');

interface Label {
  readonly context: IdentityContext;
  readonly identity: InvoiceIdentity | null;
}

const labels = labelsJson as unknown as Record<string, Label>;

async function identify(file: string, context: IdentityContext): Promise<IdentityResult> {
  const facts = await pdfFacts(await readFile(join(FIXTURES, file)));
  return facts.found
    ? resolveTextIdentity(facts.facts, context)
    : { identified: false, reason: facts.reason };
}

describe('identity read from invoice PDFs, on the labelled set', () => {
  it('is never wrong (precision 1.0) and finds most identities (recall above the measured floor)', async () => {
    const rows: string[] = [];
    let extracted = 0;
    let correct = 0;
    let labelled = 0;
    for (const [file, label] of Object.entries(labels)) {
      const result = await identify(file, label.context);
      if (label.identity !== null) labelled += 1;
      if (result.identified) {
        extracted += 1;
        const right =
          label.identity !== null && JSON.stringify(result.identity) === JSON.stringify(label.identity);
        if (right) correct += 1;
        rows.push(
          `${right ? 'right' : 'WRONG'}  ${file}${right ? '' : `: ${JSON.stringify(result.identity)}`}`,
        );
      } else rows.push(`${label.identity === null ? 'none ' : 'miss '}  ${file}: ${result.reason}`);
    }
    const precision = extracted === 0 ? 1 : correct / extracted;
    const recall = correct / labelled;
    console.log(
      `PDF identity on ${Object.keys(labels).length} documents (${labelled} with an identity): ` +
        `precision ${precision.toFixed(3)} (${correct}/${extracted}), recall ${recall.toFixed(3)} (${correct}/${labelled})\n${rows.join('\n')}`,
    );
    expect(precision).toBe(1);
    expect(recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });
});
