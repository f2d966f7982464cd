import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../shared/errors';

/** The SMTP port of the local inbox unless told otherwise (25 needs root; 2525 is the usual stand-in). */
export const DEFAULT_SMTP_PORT = 2525;

/** The example config: what `npm start` and `npm run send` use unless told otherwise. */
export const EXAMPLE_CONFIG_PATH = resolve(__dirname, '../../config/example.json');

/** The git-ignored data directory at the repository's root. */
export const DEFAULT_DATA_DIR = resolve(__dirname, '../../.local');

/** The environment the local commands read; every variable is optional. */
const localEnvironmentSchema = z.object({
  /** The admin config, as for the Lambda. */
  INGEST_CONFIG_FILE: z.string().min(1).optional(),
  /** Where the local stack keeps its data. */
  LOCAL_DATA_DIR: z.string().min(1).optional(),
  /** The inbox's SMTP port, for `npm start` and `npm run send` alike. */
  LOCAL_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Set: uploads go to the real Clearfacts instead of the sandbox. */
  CLEARFACTS_TOKEN: z.string().trim().min(1).optional().catch(undefined),
  /** The real endpoint to use with the token (default: the config's `clearfacts.apiUrl`). */
  CLEARFACTS_API_URL: z.url().optional(),
});

/** The validated environment of the local commands. */
export type LocalEnvironment = z.infer<typeof localEnvironmentSchema>;

/** Reads the local commands' environment; a bad value fails with the variable's name. */
export function readLocalEnvironment(env: NodeJS.ProcessEnv): LocalEnvironment {
  const result = localEnvironmentSchema.safeParse(env);
  if (result.success) return result.data;
  const detail = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new ConfigError(`Invalid environment: ${detail}`, { cause: result.error });
}

/** A port option (`--port 2525`), checked; `undefined` when not given. */
export function portOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`--${name} "${value}": expected a port number from 0 (any free port) to 65535`);
  }
  return port;
}

/** The SMTP port: the option, else `LOCAL_SMTP_PORT`, else 2525. */
export function smtpPort(option: string | undefined, env: LocalEnvironment): number {
  return portOption('port', option) ?? env.LOCAL_SMTP_PORT ?? DEFAULT_SMTP_PORT;
}

/** The config file: the option, else `INGEST_CONFIG_FILE`, else the example config. */
export function configPath(option: string | undefined, env: LocalEnvironment): string {
  return resolve(option ?? env.INGEST_CONFIG_FILE ?? EXAMPLE_CONFIG_PATH);
}
