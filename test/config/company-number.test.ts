import { normaliseCompanyNumber } from '../../functions/config/company-number';

describe('company numbers', () => {
  it.each([
    ['BE 0123.456.749', '0123456749'],
    ['be0123456749', '0123456749'],
    ['123456749', '0123456749'],
    ['0123-456-749', '0123456749'],
    ['BE0203.201.340', '0203201340'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseCompanyNumber(input)).toBe(expected);
  });

  it.each([['0123456748'], ['BE 0123.456.74'], ['NL0123456749'], ['01234567490'], ['']])(
    'rejects %s, which fails the mod-97 check or the format',
    (input) => {
      expect(normaliseCompanyNumber(input)).toBeUndefined();
    },
  );
});
