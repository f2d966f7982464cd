import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../functions/config/config-schema';

/** The file name the function reads beside its code (`${LAMBDA_TASK_ROOT}/ingest-config.json`). */
export const INGEST_CONFIG_FILE_NAME = 'ingest-config.json';

/** The config as the function reads it: validated, normalised, without the deployment options. */
export function functionConfigJson(config: Config): string {
  const { deployment: _deployment, ...functionPart } = config;
  return `${JSON.stringify(functionPart, null, 2)}\n`;
}

/**
 * Writes the function's config to a file named after its content and returns the path, for the
 * bundler to copy into the asset. A file, not a command-line argument or an environment variable:
 * 2,000 mailboxes exceed both limits.
 */
export function stageFunctionConfig(config: Config): string {
  const json = functionConfigJson(config);
  const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'clearfacts-mail-ingest');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `ingest-config-${digest}.json`);
  writeFileSync(path, json);
  return path;
}
