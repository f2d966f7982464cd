import { companyNumberProblem, normaliseCompanyNumber } from '../../functions/config/company-number';

describe('company numbers', () => {
  it.each([
    ['BE 0123.456.749', '0123456749'],
    ['be0123456749', '0123456749'],
    ['123456749', '0123456749'],
    ['0123-456-749', '0123456749'],
    ['BE0203.201.340', '0203201340'],
    ['BE 1234.567.894', '1234567894'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseCompanyNumber(input)).toBe(expected);
  });

  it.each([['0123456748'], ['BE 0123.456.74'], ['NL0123456749'], ['01234567490'], ['']])(
    'rejects %s, which fails the mod-97 check or the format',
    (input) => {
      expect(normaliseCompanyNumber(input)).toBeUndefined();
    },
  );

  it.each([
    ['2123456791', 'starts with 2: Belgian enterprise numbers start with 0 or 1'],
    ['BE 9876.543.265', 'starts with 9: Belgian enterprise numbers start with 0 or 1'],
    ['0123456748', 'the last two digits fail the mod-97 check'],
    ['0123.456.7', 'not ten digits (nine are taken as having lost their leading 0)'],
  ])('rejects %s, saying why', (input, problem) => {
    expect(normaliseCompanyNumber(input)).toBeUndefined();
    expect(companyNumberProblem(input)).toBe(problem);
  });

  it('finds no problem with a valid number (positive control)', () => {
    expect(companyNumberProblem('BE 0123.456.749')).toBeUndefined();
  });
});
