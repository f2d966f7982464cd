import { clearfactsUrls } from '../../functions/cli/operator-settings';
import { parseConfig } from '../../functions/config/load-config';
import { readEnvironment } from '../../functions/ingest/environment';

const base = { domain: 'invoices.example.com' };
const functionEnv = {
  CLEARFACTS_SECRET_ID: 'secret',
  LEDGER_TABLE: 'ledger',
  QUEUE_URL: 'https://sqs.example/q',
};

describe('Clearfacts endpoints require https', () => {
  it.each(['apiUrl', 'loginUrl'])(
    'refuses http:// for a remote host in clearfacts.%s, naming the field',
    (field) => {
      expect(() =>
        parseConfig({ ...base, clearfacts: { [field]: 'http://api.clearfacts.be/graphql' } }),
      ).toThrow(new RegExp(`clearfacts\\.${field}: expected https:// .*api\\.clearfacts\\.be`));
    },
  );

  it('accepts https:// and http:// on 127.0.0.1 or localhost', () => {
    const config = parseConfig({
      ...base,
      clearfacts: { apiUrl: 'http://127.0.0.1:4010/graphql', loginUrl: 'http://localhost:4011' },
    });
    expect(config.clearfacts).toEqual({
      apiUrl: 'http://127.0.0.1:4010/graphql',
      loginUrl: 'http://localhost:4011',
    });
    expect(
      parseConfig({ ...base, clearfacts: { apiUrl: 'https://cf.example/graphql' } }).clearfacts.apiUrl,
    ).toBe('https://cf.example/graphql');
  });

  it('refuses a remote http:// CLEARFACTS_API_URL in the function and the tools', () => {
    expect(() => readEnvironment({ ...functionEnv, CLEARFACTS_API_URL: 'http://10.0.0.5/graphql' })).toThrow(
      /CLEARFACTS_API_URL: expected https:\/\//,
    );
    expect(() => clearfactsUrls({ CLEARFACTS_API_URL: 'http://10.0.0.5/graphql' })).toThrow(
      /CLEARFACTS_API_URL: expected https:\/\//,
    );
    expect(
      readEnvironment({ ...functionEnv, CLEARFACTS_API_URL: 'http://127.0.0.1:9/g' }).apiUrlOverride,
    ).toBe('http://127.0.0.1:9/g');
    expect(clearfactsUrls({ CLEARFACTS_API_URL: 'http://localhost:9/g' }).apiUrl).toBe(
      'http://localhost:9/g',
    );
  });
});
