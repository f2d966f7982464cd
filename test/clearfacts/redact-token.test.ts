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

describe('redactToken on encoded forms', () => {
  /** A token with the characters each encoding changes: slash, plus, quote, backslash, space. */
  const SPECIAL = 'tok/en+with "quote" \\ and space-0123456789abcdef';

  it('removes the JSON-escaped token, also with PHP-style escaped slashes', () => {
    const body = JSON.stringify({ error: 'bad token', received: SPECIAL });
    const php = body.replaceAll('/', '\\/');

    expect(body).not.toContain(SPECIAL);
    expect(redactToken(body, SPECIAL)).toBe(`{"error":"bad token","received":"${REDACTED}"}`);
    expect(redactToken(php, SPECIAL)).toBe(`{"error":"bad token","received":"${REDACTED}"}`);
  });

  it('removes the URL-encoded token, percent and form encoded', () => {
    const percent = `https://x.example/cb?access_token=${encodeURIComponent(SPECIAL)}&state=1`;
    const form = `grant=refresh&${new URLSearchParams({ refresh_token: SPECIAL }).toString()}`;

    expect(redactToken(percent, SPECIAL)).toBe(`https://x.example/cb?access_token=${REDACTED}&state=1`);
    expect(redactToken(form, SPECIAL)).toBe(`grant=refresh&refresh_token=${REDACTED}`);
  });

  it('removes the base64 token alone and inside longer base64 text at every alignment', () => {
    const alone = `Basic ${Buffer.from(SPECIAL).toString('base64')}`;
    expect(redactToken(alone, SPECIAL)).toBe(`Basic ${REDACTED}`);
    for (const prefix of ['', 'a', 'ab', 'abc:']) {
      const encoded = Buffer.from(`${prefix}${SPECIAL}:tail`).toString('base64');
      const redacted = redactToken(`auth=${encoded}`, SPECIAL);

      expect(redacted).toContain(REDACTED);
      // What is left cannot be decoded back into any 12-character piece of the token.
      const left = redacted
        .split(REDACTED)
        .map((part) => Buffer.from(part.replace('auth=', ''), 'base64').toString('latin1'));
      expect(left.some((text) => text.includes(SPECIAL.slice(8, 20)))).toBe(false);
    }
  });

  it('leaves text without the token alone (positive control for the forms above)', () => {
    const body = JSON.stringify({ received: 'another/value+entirely 0123456789abcdef' });
    expect(redactToken(body, SPECIAL)).toBe(body);
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
