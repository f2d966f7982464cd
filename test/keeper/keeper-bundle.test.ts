import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOKEN_KEEPER_BUNDLING } from '../../infra/constructs/token-keeper';
import { bundleLikeTheStack } from '../../scripts/bench/stack-bundling';
import { emittedMetrics } from '../support/ingest-harness';

const run = promisify(execFile);

/** The environment of a machine without AWS credentials: no keys, no profile, no instance metadata. */
function withoutCredentials(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    CLEARFACTS_SECRET_ID: 'ClearfactsMailIngest/clearfacts-token',
  };
}

describe('the token keeper as the stack bundles it', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keeper-bundle-'));
    bundle = join(dir, 'index.js');
    await bundleLikeTheStack({ file: 'functions/keeper/keeper-handler.ts' }, bundle, TOKEN_KEEPER_BUNDLING);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads without AWS credentials, and its first run fails with a counted, explained error', async () => {
    const script = `const { handler } = require(${JSON.stringify(bundle)});
      console.log('loaded');
      handler({}, { functionName: 'keeper', awsRequestId: 'r1', getRemainingTimeInMillis: () => 60000 })
        .then(() => console.log('refreshed'), (error) => console.log('failed: ' + error.name + ': ' + error.message));`;

    const { stdout } = await run(process.execPath, ['-e', script], {
      cwd: dir,
      env: withoutCredentials(dir),
    });

    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('loaded');
    expect(lines.at(-1)).toMatch(
      /^failed: TokenKeeperError: The Clearfacts token could not be refreshed: .*ClearfactsMailIngest\/clearfacts-token.*CredentialsProviderError/,
    );
    expect(emittedMetrics(stdout)).toEqual({ TokenRefreshFailures: 1 });
  }, 60_000);
});
