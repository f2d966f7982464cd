import { ConfigError } from './errors';
import { DEFAULT_STACK_NAME } from './stack-contract';

/** Stage names stay short: the stack name also names the receipt rule (64 characters at most). */
const STAGE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

/**
 * `ClearfactsMailIngest`, or `ClearfactsMailIngest-<stage>`: the name `cdk deploy -c stage=…`
 * gives the stack, and the one every operator command's `--stage` looks for.
 */
export function stackNameFor(stage: unknown): string {
  if (stage === undefined) return DEFAULT_STACK_NAME;
  if (typeof stage !== 'string' || !STAGE_PATTERN.test(stage)) {
    throw new ConfigError(
      `stage (-c stage=… or --stage): "${String(stage)}" is not a stage name; use up to 32 letters, digits and inner hyphens`,
    );
  }
  return `${DEFAULT_STACK_NAME}-${stage}`;
}

/** The stack an operator command acts on: `--stack`, else `--stage`, else `$CLEARFACTS_STACK`, else the default. */
export function resolveStackName(
  flags: { readonly stack?: string | undefined; readonly stage?: string | undefined },
  env: NodeJS.ProcessEnv = {},
): string {
  if (flags.stack !== undefined) return flags.stack;
  if (flags.stage !== undefined) return stackNameFor(flags.stage);
  return env.CLEARFACTS_STACK || DEFAULT_STACK_NAME;
}
