import { resolve } from 'node:path';
import type { Config } from '../config/config-schema';
import { DEFAULT_CLEARFACTS_API_URL, DEFAULT_CLEARFACTS_LOGIN_URL } from '../config/config-schema';
import { insecureUrlReason } from '../config/secure-url';
import { UsageError } from './usage-error';

/** The example config, used when neither `--config` nor `$INGEST_CONFIG_FILE` names one. */
export const EXAMPLE_CONFIG_PATH = resolve(__dirname, '../../config/example.json');

/** The admin's config file: `--config`, else `$INGEST_CONFIG_FILE`, else the example. */
export function configPathFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(option ?? env.INGEST_CONFIG_FILE ?? EXAMPLE_CONFIG_PATH);
}

/** Every Clearfacts address the tools call; each configurable for stand-ins and white-label accountants. */
export interface ClearfactsUrls {
  /** GraphQL: `$CLEARFACTS_API_URL`, else the config's `clearfacts.apiUrl`, else the public endpoint. */
  readonly apiUrl: string;
  /** The OIDC issuer: `$CLEARFACTS_LOGIN_URL`, else the config's `clearfacts.loginUrl`, else the public one. */
  readonly loginUrl: string;
}

/** The addresses from the environment and config, checked. */
export function clearfactsUrls(env: NodeJS.ProcessEnv, config?: Config): ClearfactsUrls {
  return {
    apiUrl: checkedUrl(
      'CLEARFACTS_API_URL',
      env.CLEARFACTS_API_URL ?? config?.clearfacts.apiUrl ?? DEFAULT_CLEARFACTS_API_URL,
    ),
    loginUrl: checkedUrl(
      'CLEARFACTS_LOGIN_URL',
      env.CLEARFACTS_LOGIN_URL ?? config?.clearfacts.loginUrl ?? DEFAULT_CLEARFACTS_LOGIN_URL,
    ),
  };
}

/** `0123456749` as people read it: `0123.456.749`. */
export function formatCompanyNumber(tenDigits: string): string {
  return /^\d{10}$/.test(tenDigits)
    ? `${tenDigits.slice(0, 4)}.${tenDigits.slice(4, 7)}.${tenDigits.slice(7)}`
    : tenDigits;
}

function checkedUrl(name: string, value: string): string {
  const reason = insecureUrlReason(value);
  if (reason === undefined) return value;
  throw new UsageError(`${name}: ${reason}`);
}
