import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../functions/config/load-config';
import { stackNameFor } from '../../functions/shared/stack-name';
import { resolveDeploymentTarget } from '../../infra/deployment-target';
import { SES_EMAIL_RECEIVING_REGIONS } from '../../infra/ses-regions';
import { BASE_CONFIG, REPO_ROOT, withDeployment } from './synth-stack';

const NO_CLI = {};

describe('the config the stack is built from', () => {
  it('rejects a missing domain, naming the field', () => {
    const { domain: _domain, ...withoutDomain } = BASE_CONFIG;
    expect(() => parseConfig(withoutDomain)).toThrow(/^ {2}- domain: /m);
  });

  it('rejects a bad company number, naming the mailbox and the field', () => {
    const raw = { ...BASE_CONFIG, mailboxes: [{ address: 'acme', companyNumber: 'BE 0123.456.748' }] };
    expect(() => parseConfig(raw)).toThrow(
      /mailboxes\[0\] \(acme\)\.companyNumber: "BE 0123\.456\.748" is not a valid/,
    );
  });

  it('rejects a duplicate address, naming the field', () => {
    const raw = {
      ...BASE_CONFIG,
      mailboxes: [
        ...BASE_CONFIG.mailboxes,
        { address: 'acme@invoices.example.com', companyNumber: '0203201340' },
      ],
    };
    expect(() => parseConfig(raw)).toThrow(
      /mailboxes\[2\] \(acme@invoices\.example\.com\)\.address: duplicate address "acme"/,
    );
  });

  it('rejects an unsupported region at synth, naming the field and listing the regions that receive email', () => {
    const config = parseConfig(withDeployment({ region: 'ap-east-1' }));
    expect(() => resolveDeploymentTarget(config, NO_CLI)).toThrow(
      `deployment.region: SES does not receive email in ap-east-1; use one of ${SES_EMAIL_RECEIVING_REGIONS.join(', ')}`,
    );
  });

  it('rejects a region the CLI chose just the same', () => {
    const config = parseConfig(withDeployment({ region: undefined }));
    expect(() => resolveDeploymentTarget(config, { CDK_DEFAULT_REGION: 'me-south-1' })).toThrow(
      /^deployment\.region: SES does not receive email in me-south-1/,
    );
  });

  it('asks for a region when neither the config nor the CLI names one', () => {
    const config = parseConfig(withDeployment({ region: undefined, account: undefined }));
    expect(() => resolveDeploymentTarget(config, NO_CLI)).toThrow(/^deployment\.region: no AWS region given/);
  });

  it("prefers the config's region and account over the CLI's", () => {
    const config = parseConfig(BASE_CONFIG);
    const cli = { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '999999999999' };
    expect(resolveDeploymentTarget(config, cli)).toEqual({ region: 'eu-west-1', account: '111122223333' });
  });

  it("falls back to the CLI's region and account, and to none for the account", () => {
    const config = parseConfig(withDeployment({ region: undefined, account: undefined }));
    expect(
      resolveDeploymentTarget(config, {
        CDK_DEFAULT_REGION: 'eu-central-1',
        CDK_DEFAULT_ACCOUNT: '999999999999',
      }),
    ).toEqual({ region: 'eu-central-1', account: '999999999999' });
    expect(resolveDeploymentTarget(config, { CDK_DEFAULT_REGION: 'eu-central-1' })).toEqual({
      region: 'eu-central-1',
    });
  });

  it('rejects a hosted zone that cannot hold the domain', () => {
    const config = parseConfig(
      withDeployment({ hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.org' } }),
    );
    expect(() => resolveDeploymentTarget(config, NO_CLI)).toThrow(
      /^deployment\.hostedZone\.name: the zone example\.org/,
    );
  });

  it('rejects a raw mail prefix that overlaps the reports', () => {
    const config = parseConfig(withDeployment({ rawMailPrefix: 'reports/' }));
    expect(() => resolveDeploymentTarget(config, NO_CLI)).toThrow(/^deployment\.rawMailPrefix: /);
  });

  it.each([
    [{ maxConcurrency: 1 }, /deployment\.maxConcurrency: /],
    [{ logRetentionDays: 10 }, /deployment\.logRetentionDays: expected one of CloudWatch's periods/],
    [{ region: 'Ireland' }, /deployment\.region: expected an AWS region/],
    [{ retention: { rawMailDays: 0 } }, /deployment\.retention\.rawMailDays: /],
    [{ alarmEmail: 'not-an-address' }, /deployment\.alarmEmail: /],
    [
      { hostedZone: { id: 'zone', name: 'example.com' } },
      /deployment\.hostedZone\.id: expected a hosted zone id/,
    ],
    [{ activateRuleset: false }, /deployment: Unrecognized key: "activateRuleset"/],
    [{ ruleSet: { mode: 'replace' } }, /deployment\.ruleSet\.mode: /],
    [{ ruleSet: { mode: 'own', after: 'crm' } }, /deployment\.ruleSet: Unrecognized key: "after"/],
    [
      { ruleSet: { mode: 'join', after: 'two words' } },
      /deployment\.ruleSet\.after: expected a receipt rule name/,
    ],
  ])('rejects the deployment option %j, naming it', (deployment, message) => {
    expect(() => parseConfig(withDeployment(deployment))).toThrow(message);
  });

  it('applies documented defaults to every deployment option', () => {
    const { deployment } = parseConfig({ domain: 'invoices.example.com' });
    expect(deployment).toEqual({
      ruleSet: { mode: 'own' },
      clearfactsAuth: 'pat',
      retention: { rawMailDays: 400, reportsDays: 400 },
      maxConcurrency: 5,
      rawMailPrefix: 'inbound/',
      logRetentionDays: 90,
    });
  });

  it('accepts the example config shipped with the project', () => {
    const config = parseConfig(JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'example.json'), 'utf8')));
    expect(resolveDeploymentTarget(config, NO_CLI).region).toBe('eu-west-1');
  });
});

describe('the SES receiving regions', () => {
  it('lists each region once, in the form the deployment option takes', () => {
    expect(new Set(SES_EMAIL_RECEIVING_REGIONS).size).toBe(SES_EMAIL_RECEIVING_REGIONS.length);
    for (const region of SES_EMAIL_RECEIVING_REGIONS) {
      expect(parseConfig(withDeployment({ region })).deployment.region).toBe(region);
    }
  });
});

describe('the stack name', () => {
  it('is the one the operator CLI looks for, with the stage appended when given', () => {
    expect(stackNameFor(undefined)).toBe('ClearfactsMailIngest');
    expect(stackNameFor('prod')).toBe('ClearfactsMailIngest-prod');
  });

  it('rejects a stage that would not make a valid stack and rule name', () => {
    expect(() => stackNameFor('prod_eu')).toThrow(
      /^stage \(-c stage=… or --stage\): "prod_eu" is not a stage name/,
    );
    expect(() => stackNameFor('x'.repeat(33))).toThrow(/is not a stage name/);
    expect(() => stackNameFor(true)).toThrow(/is not a stage name/);
  });
});

describe('the CDK app', () => {
  it('stops synth with the field in the message when the region does not receive email', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infra-config-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify(withDeployment({ region: 'ap-east-1' })));
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra', 'app.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ config: path }),
        CDK_OUTDIR: join(dir, 'cdk.out'),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('deployment.region: SES does not receive email in ap-east-1');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
