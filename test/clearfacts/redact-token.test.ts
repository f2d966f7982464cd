import {
  MAX_QUOTED_BODY_CHARS,
  quoteBody,
  REDACTED,
  redactToken,
  safeUrl,
  scrubCause,
} from '../../functions/clearfacts/redact-token';

const TOKEN = 'T0KEN-under-test-abcdefghijklmnopqrstuvwxyz';

describe('redactToken', () => {
  it('replaces every occurrence of the token', () => {
    expect(redactToken(`a ${TOKEN} b ${TOKEN}`, TOKEN)).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('replaces any bearer credential, even an unknown one', () => {
    expect(redactToken('Authorization: Bearer eyJhbGciOi.xyz, next', undefined)).toBe(
      `Authorization: Bearer ${REDACTED}, next`,
    );
  });
});

describe('quoteBody', () => {
  it('quotes a body on one line, trimmed to the limit', () => {
    const quoted = JSON.parse(quoteBody(`line one\n  line two ${'x'.repeat(1000)}`, TOKEN)) as string;

    expect(quoted.startsWith('line one line two x')).toBe(true);
    expect(quoted).toHaveLength(MAX_QUOTED_BODY_CHARS);
  });

  it('redacts before trimming, so no half of a token survives the cut', () => {
    const quoted = quoteBody(`${'x'.repeat(MAX_QUOTED_BODY_CHARS - 10)}${TOKEN}`, TOKEN);

    expect(quoted).not.toContain(TOKEN.slice(0, 9));
  });
});

describe('safeUrl', () => {
  it('drops credentials, query and fragment', () => {
    expect(safeUrl('https://user:secret@api.example.test/graphql?access_token=abc#x')).toBe(
      'https://api.example.test/graphql',
    );
  });
});

describe('scrubCause', () => {
  it('keeps a clean error as it is', () => {
    const error = new Error('connect ECONNREFUSED 127.0.0.1:9');

    expect(scrubCause(error, TOKEN)).toBe(error);
  });

  it('replaces an error whose nested cause mentions the token with a redacted copy', () => {
    const error = new TypeError('fetch failed', {
      cause: new AggregateError([new Error(`bad ${TOKEN}`)], 'x'),
    });

    const scrubbed = scrubCause(error, TOKEN) as Error;

    expect(scrubbed).not.toBe(error);
    expect(scrubbed.name).toBe('TypeError');
    expect(scrubbed.cause).toBeUndefined();
    expect(String(scrubbed.stack)).not.toContain(TOKEN);
  });
});
