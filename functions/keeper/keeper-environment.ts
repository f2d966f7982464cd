import { ConfigError } from '../shared/errors';
import { FUNCTION_ENV } from '../shared/stack-contract';

/** The secret the keeper refreshes: `CLEARFACTS_SECRET_ID`, set by the stack as for the ingest function. */
export function keeperSecretId(env: NodeJS.ProcessEnv): string {
  const secretId = env[FUNCTION_ENV.secretId]?.trim();
  if (secretId === undefined || secretId === '') {
    throw new ConfigError(`Invalid function environment: ${FUNCTION_ENV.secretId} is not set`);
  }
  return secretId;
}
