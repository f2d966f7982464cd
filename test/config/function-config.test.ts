import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFunctionConfig } from '../../functions/config/function-config';
import { loadConfigFile } from '../../functions/config/load-config';
import { ConfigError } from '../../functions/shared/errors';
import { stageFunctionConfig } from '../../infra/function-config-file';

const CONFIG_DIR = join(__dirname, '..', '..', 'config');
const EXAMPLES = readdirSync(CONFIG_DIR).filter((name) => name.endsWith('.json'));

describe("the function's config file, checked at synth and read without the schema", () => {
  it('has examples to check', () => {
    expect(EXAMPLES.length).toBeGreaterThan(0);
  });

  it.each(EXAMPLES)('%s: what the function reads is what the schema made of it at synth', (name) => {
    const { deployment: _deployment, ...checked } = loadConfigFile(join(CONFIG_DIR, name));
    const staged = stageFunctionConfig(loadConfigFile(join(CONFIG_DIR, name)));

    expect(readFunctionConfig(staged)).toEqual(checked);
    // The schema leaves the staged file as it is: normalising again changes nothing.
    const { deployment: _again, ...reparsed } = loadConfigFile(staged);
    expect(reparsed).toEqual(checked);
  });

  it('fails with a ConfigError naming the file when there is none', () => {
    expect(() => readFunctionConfig('/nonexistent/ingest-config.json')).toThrow(ConfigError);
    expect(() => readFunctionConfig('/nonexistent/ingest-config.json')).toThrow(/ingest-config\.json/);
  });
});
