import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'functions', 'cli');

/** Creates an S3 client in a fresh Node process, after loading `preload` when given; returns stderr. */
async function stderrOfClient(preload: string | undefined): Promise<string> {
  const script = [
    "require('tsx/cjs');",
    preload === undefined ? '' : `require(${JSON.stringify(preload)});`,
    "const { S3Client } = require('@aws-sdk/client-s3');",
    "new S3Client({ region: 'eu-west-1' });",
  ].join('\n');
  const env = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const { stderr } = await run(process.execPath, ['-e', script], { cwd: ROOT, env });
  return stderr;
}

describe("the commands' AWS SDK warning about Node 20", () => {
  const olderThan22 = Number(process.versions.node.split('.')[0]) < 22;

  (olderThan22 ? it : it.skip)(
    'is printed by the SDK on Node 20 without the guard (the control)',
    async () => {
      expect(await stderrOfClient(undefined)).toContain('NodeVersionSupportWarning');
    },
    60_000,
  );

  it('is not printed once a command has loaded its first import', async () => {
    expect(await stderrOfClient(join(CLI, 'quiet-sdk-warning.ts'))).not.toContain(
      'NodeVersionSupportWarning',
    );
  }, 60_000);

  it('is silenced by every command, as its first import', () => {
    const functions = join(ROOT, 'functions');
    const commands = readdirSync(functions, { recursive: true, encoding: 'utf8' }).filter(
      (file) =>
        file.endsWith('.ts') &&
        readFileSync(join(functions, file), 'utf8').includes('require.main === module'),
    );

    expect(commands).toEqual(
      expect.arrayContaining([
        join('cli', 'start-command.ts'),
        join('cli', 'send-command.ts'),
        join('cli', 'cli.ts'),
      ]),
    );
    for (const command of commands) {
      const firstImport = readFileSync(join(functions, command), 'utf8').match(/^import .*$/m)?.[0];
      expect(`${command}: ${firstImport}`).toMatch(/: import '(\.\/|\.\.\/cli\/)quiet-sdk-warning';$/);
    }
  });
});
