import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfig } from '../../functions/config/load-config';
import { ConfigError } from '../../functions/shared/errors';

const valid = {
  domain: 'invoices.example.com',
  mailboxes: [{ address: 'acme', companyNumber: 'BE 0123.456.749' }],
};

describe('config validation', () => {
  it('applies defaults and normalises company numbers', () => {
    const config = parseConfig(valid);
    expect(config.conventionAddresses).toBe(true);
    expect(config.defaults.invoiceType).toBe('PURCHASE');
    expect(config.mailboxes[0]?.companyNumber).toBe('0123456749');
    expect(config.clearfacts.apiUrl).toBe('https://api.clearfacts.be/graphql');
  });

  it('names the mailbox whose company number is invalid', () => {
    const raw = {
      ...valid,
      mailboxes: [...valid.mailboxes, { address: 'broken', companyNumber: 'BE 0123.456.748' }],
    };
    expect(() => parseConfig(raw)).toThrow(
      /mailboxes\[1\] \(broken\)\.companyNumber: "BE 0123\.456\.748" is not a valid/,
    );
  });

  it('rejects a company number that passes the mod-97 check but starts with neither 0 nor 1', () => {
    const raw = { ...valid, mailboxes: [{ address: 'typo', companyNumber: 'BE 2123.456.791' }] };
    expect(() => parseConfig(raw)).toThrow(
      /mailboxes\[0\] \(typo\)\.companyNumber: "BE 2123\.456\.791" is not a valid Belgian company number: starts with 2: Belgian enterprise numbers start with 0 or 1/,
    );
  });

  it('rejects a missing domain, naming the field', () => {
    expect(() => parseConfig({ mailboxes: [] })).toThrow(/domain: /);
  });

  it('rejects a duplicate address, naming both entries', () => {
    const raw = {
      ...valid,
      mailboxes: [...valid.mailboxes, { address: 'ACME@invoices.example.com', companyNumber: '0203201340' }],
    };
    expect(() => parseConfig(raw)).toThrow(
      /mailboxes\[1\] \(ACME@invoices\.example\.com\)\.address: duplicate address "acme" \(already used by mailboxes\[0\]\)/,
    );
  });

  it('rejects an address on another domain', () => {
    const raw = { ...valid, mailboxes: [{ address: 'acme@elsewhere.example', companyNumber: '0123456749' }] };
    expect(() => parseConfig(raw)).toThrow(/is not on the configured domain invoices\.example\.com/);
  });

  it('rejects unknown fields instead of ignoring a typo', () => {
    expect(() => parseConfig({ ...valid, mailbox: [] })).toThrow(/\(root\): Unrecognized key: "mailbox"/);
  });

  it('reports a file that is not JSON with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{ "domain": ');
    expect(() => loadConfigFile(path)).toThrow(ConfigError);
    expect(() => loadConfigFile(path)).toThrow(`Config file ${path} is not valid JSON`);
  });

  it('loads the shipped example config', () => {
    const config = loadConfigFile(join(__dirname, '../../config/example.json'));
    expect(config.domain).toBe('invoices.example.com');
    expect(config.mailboxes.length).toBeGreaterThan(0);
  });
});
