import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OidcCredentials } from '../../functions/clearfacts/oidc/oidc-credentials';
import { oidcSecret, parseTokenSecret } from '../../functions/clearfacts/token-secret';
import type { AwsAccess } from '../../functions/cli/cli-deps';
import type { DoctorResult } from '../../functions/cli/doctor-checks';
import { runDoctorCommand } from '../../functions/cli/doctor-command';
import { LocalFileTokenStore, localSecretPath } from '../../functions/secrets/local-file-store';
import { captureOutput } from '../support/capture-output';
import {
  AS_CLEARFACTS_AUTHORISED,
  type ClearfactsStandIn,
  type StandInAdministration,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';
import { type OidcStandIn, startOidcStandIn } from '../support/oidc-stand-in';

/** 80 characters, recognisable anywhere it might leak. */
const TOKEN = `DOCTOR-LEAK-CANARY-${'r4Tq'.repeat(16)}`.slice(0, 80);
const CLIENT = { clientId: 'mail-ingest', clientSecret: 'client-secret-Zq81vX' };

const ADMINISTRATIONS: StandInAdministration[] = [
  {
    name: 'Acme NV',
    companyNumber: 'BE0123456749',
    emails: [
      { type: 'PURCHASE', emailAddress: 'aankoop-0123456749@boekhouder.clearfacts.be' },
      { type: 'SALE', emailAddress: 'verkoop-0123456749@boekhouder.clearfacts.be' },
    ],
  },
  { name: 'Bakkerij Peeters BV', companyNumber: '0203201340', emails: [] },
];

let login: OidcStandIn;
let clearfacts: ClearfactsStandIn;
let configPath: string;

beforeAll(async () => {
  login = await startOidcStandIn({ clients: [CLIENT], personalTokens: [TOKEN] });
  clearfacts = await startClearfactsStandIn({ administrations: ADMINISTRATIONS, pageSize: 1 });
  configPath = writeConfig([
    { address: 'acme', name: 'Acme NV', companyNumber: 'BE 0123.456.749' },
    { address: 'peeters', companyNumber: '0203201340', invoiceType: 'SALE' },
  ]);
});
afterAll(async () => {
  await clearfacts.close();
  await login.close();
});
beforeEach(() => {
  // GraphQL accepts what the login server issued, like the real API.
  clearfacts.respondAlways((request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    return login.isValidAccessToken(bearer)
      ? AS_CLEARFACTS_AUTHORISED
      : { status: 401, body: { message: 'Unauthorized' } };
  });
});

function writeConfig(mailboxes: object[], extra: object = {}): string {
  const path = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'config.json');
  writeFileSync(path, JSON.stringify({ domain: 'invoices.example.com', mailboxes, ...extra }));
  return path;
}

function environment(token = TOKEN): NodeJS.ProcessEnv {
  return { CLEARFACTS_TOKEN: token, CLEARFACTS_API_URL: clearfacts.url, CLEARFACTS_LOGIN_URL: login.issuer };
}

function doctor(args: string[], env: NodeJS.ProcessEnv = environment(), deps = {}) {
  return captureOutput(() => runDoctorCommand(['--config', configPath, ...args], env, deps));
}

describe('npm run cli -- doctor', () => {
  it('passes with a good token whose administrations hold every mailbox', async () => {
    const { result, output } = await doctor([]);

    expect(result).toBe(0);
    expect(output).toContain('✔ The token is valid: Clearfacts knows it as jan.peeters <jan@acme.example>');
    expect(output).toContain('✔ The token reaches 2 administrations');
    expect(output).toContain(
      '· A personal access token does not show its scopes: read_administrations is tested below, upload_document only by a real upload (a missing scope can be ticked on the existing token in Clearfacts: profile → Integrations)',
    );
    expect(output).toContain(
      '✔ Every configured mailbox (2) delivers to an administration the token reaches',
    );
    expect(output).toContain('aankoop-0123456749@boekhouder.clearfacts.be (purchase)');
    expect(output).toMatch(
      /peeters@invoices\.example\.com\s+0203\.201\.340\s+SALE\s+yes \(Bakkerij Peeters BV\)/,
    );
    expect(output).toContain('Everything needed is in place.');
    expect(output).not.toContain(TOKEN);
  });

  it('lists every route that accepts any sender, and says when there is none', async () => {
    const path = configPath;
    try {
      configPath = writeConfig([
        { address: 'acme', companyNumber: '0123456749' },
        { address: 'peeters', companyNumber: '0203201340', allowedSenders: ['*@peeters.example.be'] },
      ]);
      const open = await doctor([]);
      expect(open.output).toContain(
        '! 2 routes accept mail from any sender: acme@invoices.example.com → company 0123456749; ' +
          'purchase-<company number>@invoices.example.com (and aankoop-, achat-, sale-, verkoop-, vente-, various-, divers-, diversen-) → ' +
          'every administration the token reaches that has no listed mailbox',
      );
      expect(open.output).toContain('set "conventionAddresses": false');
      expect(open.output).not.toContain('peeters@invoices.example.com →');

      configPath = writeConfig(
        [{ address: 'peeters', companyNumber: '0203201340', allowedSenders: ['*@peeters.example.be'] }],
        { conventionAddresses: false },
      );
      const closed = await doctor([]);
      expect(closed.output).toContain(
        '✔ Every route into an administration takes mail from allowed senders only',
      );
      expect(closed.output).not.toContain('accept mail from any sender');
    } finally {
      configPath = path;
    }
  });

  it('fails naming the mailbox whose company the token cannot reach', async () => {
    const path = configPath;
    configPath = writeConfig([
      { address: 'acme', companyNumber: '0123456749' },
      { address: 'janssens', name: 'Janssens BV', companyNumber: 'BE 0403.170.701' },
    ]);
    try {
      const { result, output } = await doctor([]);
      expect(result).toBe(1);
      expect(output).toContain(
        '✖ Mailbox janssens@invoices.example.com (Janssens BV): company 0403.170.701 is not among the administrations this token reaches',
      );
      expect(output).toContain(
        "→ Give the token's Clearfacts user access to 0403.170.701, or correct mailboxes[1].companyNumber",
      );
      expect(output).toContain('1 problem to fix');
    } finally {
      configPath = path;
    }
  });

  it('says the token is bad when Clearfacts answers 401, without echoing it', async () => {
    const bad = `BAD-LEAK-CANARY-${'x'.repeat(64)}`;
    const { result, output } = await doctor([], environment(bad));
    expect(result).toBe(1);
    expect(output).toContain('✖ The token is bad: Clearfacts refused it (401 from');
    expect(output).toContain('→ Make a new personal access token in Clearfacts');
    expect(output).toContain('put it in CLEARFACTS_TOKEN');
    expect(output).not.toContain(bad);
  });

  it('explains a token that may not list the administrations', async () => {
    clearfacts.respondAlways({
      status: 403,
      body: { message: 'Forbidden: missing scope read_administrations' },
    });
    const { result, output } = await doctor([]);
    expect(result).toBe(1);
    expect(output).toContain('it most likely lacks the read_administrations scope');
    // Scopes can be changed on an existing personal access token: no new token, nothing to store again.
    expect(output).toContain(
      '→ Tick read_administrations (and upload_document) on the existing token in Clearfacts (profile → Integrations → edit the token): scopes can be changed on an existing token, so no new token is needed',
    );
    expect(output).not.toMatch(/scopes cannot change|make a new token/i);
    expect(output).toMatch(/acme@invoices\.example\.com .* not checked/);
  });

  it('prints findings as JSON for scripts', async () => {
    const { result, output } = await doctor(['--json']);
    expect(result).toBe(0);
    const parsed = JSON.parse(output) as DoctorResult;
    expect(parsed.problems).toBe(0);
    expect(parsed.token).toMatchObject({
      source: 'CLEARFACTS_TOKEN',
      kind: 'personal',
      user: { sub: '4711' },
    });
    expect(parsed.mailboxes.map((mailbox) => mailbox.reachable)).toEqual([true, true]);
    expect(output).not.toContain(TOKEN);
  });

  it('checks stored OpenID Connect credentials, refreshing them first when they expired', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'doctor-local-'));
    const store = new LocalFileTokenStore(localSecretPath(dataDir));
    const pair = login.issueTokens(CLIENT.clientId, 'openid offline_access read_administrations');
    await store.put(
      oidcSecret({ ...CLIENT, ...pair, expiresAt: '2026-01-01T00:00:00.000Z', issuer: login.issuer }),
    );

    const { result, output } = await doctor(['--local', '--data-dir', dataDir], {
      CLEARFACTS_API_URL: clearfacts.url,
    });

    // The refreshed token lists its scopes: upload_document was not granted.
    expect(output).toContain('(OpenID Connect)');
    expect(output).toContain(
      '✖ The token lacks the upload_document scope: it may not upload documents and invoices',
    );
    expect(output).toContain('→ Sign in again and grant upload_document: npm run cli -- token login');
    expect(result).toBe(1);
    const secret = parseTokenSecret((await store.read()).value);
    expect(secret.kind === 'oidc' && secret.credentials.refreshToken).not.toBe(pair.refreshToken);
    for (const value of [pair.accessToken, pair.refreshToken, CLIENT.clientSecret])
      expect(output).not.toContain(value);
  });

  describe('when the OpenID Connect tokens were last refreshed', () => {
    const NOW = new Date('2026-11-20T09:00:00.000Z');
    const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

    /** A data directory whose local secret holds fresh OIDC tokens with these fields. */
    async function localCredentials(
      fields: Pick<OidcCredentials, 'expiresAt' | 'refreshedAt' | 'refreshTokenIssuedAt'>,
    ): Promise<{ dataDir: string; store: LocalFileTokenStore }> {
      const dataDir = mkdtempSync(join(tmpdir(), 'doctor-refreshed-'));
      const store = new LocalFileTokenStore(localSecretPath(dataDir));
      const pair = login.issueTokens(CLIENT.clientId);
      await store.put(oidcSecret({ ...CLIENT, ...pair, issuer: login.issuer, ...fields }));
      return { dataDir, store };
    }

    function doctorOn(dataDir: string, extra: string[] = []) {
      return doctor(
        ['--local', '--data-dir', dataDir, ...extra],
        { CLEARFACTS_API_URL: clearfacts.url },
        { now: () => NOW },
      );
    }

    it('shows when they were last refreshed and until when the refresh token is good', async () => {
      const { dataDir } = await localCredentials({
        expiresAt: '2099-01-01T00:00:00.000Z',
        refreshedAt: daysAgo(3),
        refreshTokenIssuedAt: daysAgo(3),
      });

      const { result, output } = await doctorOn(dataDir);

      expect(output).toContain(
        `· The tokens were last refreshed at ${daysAgo(3)} (3 days ago); the refresh token is good until ${daysAgo(-27)}`,
      );
      expect(result).toBe(0);
    });

    it('warns when the refresh token went over 25 days unrefreshed, even when this check renewed it', async () => {
      const { dataDir, store } = await localCredentials({
        expiresAt: daysAgo(26),
        refreshedAt: daysAgo(26),
        refreshTokenIssuedAt: daysAgo(26),
      });

      const { result, output } = await doctorOn(dataDir);

      expect(output).toContain(
        `! This check refreshed the expired access token; before that, the tokens were last refreshed at ${daysAgo(26)} (26 days ago); the refresh token then was good until ${daysAgo(-4)}: it went 26 days without a refresh`,
      );
      expect(output).toContain('→ A deployment refreshes it daily (the token keeper)');
      // A warning, not a problem: the token works.
      expect(result).toBe(0);
      const secret = parseTokenSecret((await store.read()).value);
      expect(secret.kind === 'oidc' && secret.credentials.refreshedAt).toBe(NOW.toISOString());
    });

    it('says so when credentials stored earlier carry no date', async () => {
      const { dataDir } = await localCredentials({ expiresAt: '2099-01-01T00:00:00.000Z' });

      const { output } = await doctorOn(dataDir);

      expect(output).toContain(
        '· The tokens were last refreshed at a time not recorded (stored before refreshes were dated); the next refresh records it',
      );
    });

    it('gives the dates in the JSON findings', async () => {
      const { dataDir } = await localCredentials({
        expiresAt: '2099-01-01T00:00:00.000Z',
        refreshedAt: daysAgo(1),
        refreshTokenIssuedAt: daysAgo(1),
      });

      const json = JSON.parse((await doctorOn(dataDir, ['--json'])).output) as DoctorResult;

      expect(json.token.oidc).toMatchObject({ refreshedAt: daysAgo(1), refreshTokenIssuedAt: daysAgo(1) });
      expect(json.token.oidc?.before).toBeUndefined();
    });
  });

  it('reads the deployed secret named by the stack outputs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'doctor-aws-'));
    const secretStore = new LocalFileTokenStore(localSecretPath(dataDir));
    await secretStore.put(JSON.stringify({ token: TOKEN }));
    const asked: string[] = [];
    const aws = (): AwsAccess => ({
      stackOutputs: async (stack) => {
        asked.push(stack);
        return { ClearfactsSecretName: 'ClearfactsMailIngest/clearfacts-token', QueueUrl: 'https://sqs/q' };
      },
      secretStore: (secretId) => {
        asked.push(secretId);
        return secretStore;
      },
      recentReports: () => {
        throw new Error('not used');
      },
      queueDepth: () => Promise.reject(new Error('not used')),
    });

    const { result, output } = await doctor([], { ...environment(), CLEARFACTS_TOKEN: undefined }, { aws });

    expect(result).toBe(0);
    expect(asked).toEqual(['ClearfactsMailIngest', 'ClearfactsMailIngest/clearfacts-token']);
    expect(output).toContain(`token   file ${localSecretPath(dataDir)} (personal access token)`);
  });

  describe('archive mailboxes', () => {
    const ARCHIVE_MAILBOXES = [
      { address: 'acme', companyNumber: '0123456749' },
      {
        address: 'acme-docs',
        companyNumber: '0123456749',
        archive: { type: 'VARIOUS', category: 'beleggingen' },
      },
      { address: 'peeters', companyNumber: '0203201340' },
    ];
    const DEFAULT_ARCHIVE = { defaults: { archive: { type: 'PERMANENT', category: 'Huurovereenkomst' } } };

    async function withConfig<T>(mailboxes: object[], extra: object, run: () => Promise<T>): Promise<T> {
      const path = configPath;
      configPath = writeConfig(mailboxes, extra);
      try {
        return await run();
      } finally {
        configPath = path;
      }
    }

    it('shows the archive categories of each company with an archive route, and passes when every name exists', async () => {
      const { result, output } = await withConfig(ARCHIVE_MAILBOXES, DEFAULT_ARCHIVE, () => doctor([]));

      expect(output).toContain('Archive categories of the companies with an archive route');
      expect(output).toMatch(/0123\.456\.749\s+Acme NV\s+various\s+Beleggingen, Credits, Other/);
      expect(output).toMatch(/\s+permanent\s+Financial, Huurovereenkomst, Other/);
      expect(output).toMatch(/0203\.201\.340\s+Bakkerij Peeters BV\s+various/);
      expect(output).toContain('✔ Every configured archive category exists (2 companies checked)');
      expect(output).toContain(
        'Archive mailboxes need archive_read (tested below by reading the categories)',
      );
      expect(output).toMatch(
        /acme-docs@invoices\.example\.com\s+0123\.456\.749\s+ARCHIVE \(various: beleggingen\)/,
      );
      expect(output).toContain('archive-, archief-, archives-) → every administration');
      expect(result).toBe(0);
    });

    it('flags a configured category name that does not exist, saying where to fix it', async () => {
      const mailboxes = [
        {
          address: 'acme-docs',
          companyNumber: '0123456749',
          archive: { type: 'VARIOUS', category: 'Contracten' },
        },
      ];
      const { result, output } = await withConfig(
        mailboxes,
        { defaults: { archive: { type: 'PERMANENT', category: 'Bank' } } },
        () => doctor([]),
      );

      expect(output).toContain(
        '✖ Mailbox acme-docs@invoices.example.com: archive category "Contracten" does not exist in the various archive of company 0123.456.749 (it has: Beleggingen, Credits, Other)',
      );
      expect(output).toContain(
        '→ Create the category in Clearfacts, or correct mailboxes[0].archive.category in',
      );
      expect(output).toContain(
        '✖ archive-<company number>@invoices.example.com (defaults.archive): archive category "Bank" does not exist in the permanent archive of company 0123.456.749',
      );
      expect(output).toContain('2 problems to fix');
      expect(result).toBe(1);
    });

    it('reads no archive categories and names no archive scope without an archive route (the control)', async () => {
      const before = clearfacts.requests.length;
      const { output } = await doctor([]);
      expect(output).not.toContain('archive');
      expect(
        clearfacts.requests.slice(before).some((request) => request.query?.includes('archiveCategories')),
      ).toBe(false);
    });

    it('says the token most likely lacks archive_read when the categories are refused', async () => {
      clearfacts.respondAlways((request) =>
        request.query?.includes('archiveCategories')
          ? { status: 403, body: { message: 'Forbidden: missing scope archive_read' } }
          : AS_CLEARFACTS_AUTHORISED,
      );
      const { result, output } = await withConfig(ARCHIVE_MAILBOXES, {}, () => doctor([]));
      expect(output).toContain(
        '✖ The archive categories of 0123.456.749 could not be read: the token most likely lacks the archive_read scope',
      );
      expect(result).toBe(1);
    });

    it('checks the archive scopes of a token that lists its scopes', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'doctor-archive-'));
      const store = new LocalFileTokenStore(localSecretPath(dataDir));
      const pair = login.issueTokens(
        CLIENT.clientId,
        'openid read_administrations upload_document archive_read',
      );
      await store.put(
        oidcSecret({ ...CLIENT, ...pair, expiresAt: '2099-01-01T00:00:00.000Z', issuer: login.issuer }),
      );
      const run = () => doctor(['--local', '--data-dir', dataDir], { CLEARFACTS_API_URL: clearfacts.url });

      const archiving = await withConfig(ARCHIVE_MAILBOXES, {}, run);
      expect(archiving.output).toContain(
        '✖ The token lacks the archive_actions scope, which archive mailboxes need: it may not upload documents to the archive',
      );
      expect(archiving.output).not.toContain('lacks the archive_read scope');
      expect(archiving.result).toBe(1);

      const inboxOnly = await run();
      expect(inboxOnly.output).not.toContain('archive_actions');
      expect(inboxOnly.result).toBe(0);
    });
  });
});
