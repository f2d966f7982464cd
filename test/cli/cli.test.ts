import { main } from '../../functions/cli/cli';
import { captureOutput } from '../support/capture-output';

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return captureOutput(() => main(args, env));
}

describe('npm run cli', () => {
  it('lists its commands', async () => {
    const { result, output } = await cli(['--help']);
    expect(result).toBe(0);
    for (const command of ['doctor', 'status', 'token', 'ingest', 'replay'])
      expect(output).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each(['doctor', 'status', 'token', 'ingest', 'replay'])('explains %s with --help', async (command) => {
    const { result, output } = await cli([command, '--help']);
    expect(result).toBe(0);
    // ingest and replay predate the single entry and keep their own npm scripts.
    const script = ['ingest', 'replay'].includes(command) ? command : `cli -- ${command}`;
    expect(output).toContain(`Usage: npm run ${script}`);
  });

  it('exits 2 for an unknown command or flag, pointing at the help', async () => {
    expect((await cli(['stauts'])).result).toBe(2);
    const { result, output } = await cli(['status', '--lastt', '3']);
    expect(result).toBe(2);
    expect(output).toContain("Unknown option '--lastt'");
    expect(output).toContain('See "npm run cli -- status --help".');
  });

  it('exits 2 for a bad flag value', async () => {
    const { result, output } = await cli(['status', '--local', '--since', 'yesterday']);
    expect(result).toBe(2);
    expect(output).toContain('--since "yesterday": expected a duration like 30m, 24h, 7d, 2w or a date');
  });

  it('exits 1 with the reason when a command fails', async () => {
    const { result, output } = await cli(['doctor', '--config', '/nonexistent/config.json'], {
      CLEARFACTS_TOKEN: 'x',
    });
    expect(result).toBe(1);
    expect(output).toContain('ConfigError: Cannot read config file /nonexistent/config.json');
  });
});
