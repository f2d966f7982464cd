import { DEFAULT_STACK_NAME } from '../functions/cli/stack-outputs';
import { ConfigError } from '../functions/shared/errors';

/** Stage names stay short: the stack name also names the receipt rule (64 characters at most). */
const STAGE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

/**
 * `ClearfactsMailIngest`, or `ClearfactsMailIngest-<stage>` with `-c stage=<stage>`: the names the
 * operator CLI looks for (`--stage`).
 */
export function stackNameFor(stage: unknown): string {
  if (stage === undefined) return DEFAULT_STACK_NAME;
  if (typeof stage !== 'string' || !STAGE_PATTERN.test(stage)) {
    throw new ConfigError(
      `stage (-c stage=…): "${String(stage)}" is not a stage name; use up to 32 letters, digits and inner hyphens`,
    );
  }
  return `${DEFAULT_STACK_NAME}-${stage}`;
}
