import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIL_FIXTURES } from '../fixtures/mail-fixtures';

describe('the committed mail fixtures', () => {
  it.each(MAIL_FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    '%s.eml is exactly what the fixture builder writes',
    async (name, fixture) => {
      const committed = readFileSync(join(__dirname, '..', 'fixtures', 'mail', `${name}.eml`));

      // On a mismatch, run `npx tsx test/fixtures/build-mail-fixtures.ts` and review the diff.
      expect((await fixture.build()).equals(committed)).toBe(true);
    },
  );
});
