import { findVatNumbers } from '../../functions/identity/text-vat-numbers';
import { normaliseVatNumber } from '../../functions/identity/vat-number';

describe('VAT numbers', () => {
  it.each([
    ['BE 0123.456.749', 'BE0123456749'],
    ['be0123456749', 'BE0123456749'],
    ['NL 8200.98.395.B01', 'NL820098395B01'],
    ['FR 40 303 265 045', 'FR40303265045'],
    ['DE 136 695 976', 'DE136695976'],
    ['LU 1502 7442', 'LU15027442'],
  ])('accepts %s as %s', (written, compact) => {
    expect(normaliseVatNumber(written)).toBe(compact);
  });

  it.each(['BE0123456748', 'NL820098396B01', 'FR41303265045', 'DE136695977', 'LU15027443', 'GB123456789'])(
    'refuses %s: wrong check, or a country whose check is not read',
    (written) => {
      expect(normaliseVatNumber(written)).toBeUndefined();
    },
  );

  it('finds every valid number in a text, a Belgian one after its label too, and skips invalid ones', () => {
    const text =
      'Leverancier BTW BE 0123.456.749\nKlant: Ondernemingsnummer 0403.170.701\nRef BE 0123.456.748';
    expect(findVatNumbers(text)).toEqual(['BE0123456749', 'BE0403170701']);
  });
});
