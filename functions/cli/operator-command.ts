import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type CliDeps, cliDeps } from './cli-deps';
import { TARGET_OPTIONS } from './target';

/** The flags every operator command takes beside its own: `--json`, `--help` and where to look. */
const OPERATOR_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
  ...TARGET_OPTIONS,
} as const;

type OwnOptions = NonNullable<ParseArgsConfig['options']>;

/** The parsed values of a command's own flags and the shared ones. */
export type OperatorValues<O extends OwnOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof OPERATOR_OPTIONS }>
>['values'];

/** How `cli.ts` and the tests call an operator command; resolves to the exit status. */
export type OperatorCommand = (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  overrides?: Partial<CliDeps>,
) => Promise<number>;

/**
 * An operator command (doctor, status, quarantine): parses its own flags with the shared ones,
 * answers `--help` with `usage`, and hands the rest to `run` with the CLI's dependencies.
 */
export function operatorCommand<const O extends OwnOptions>(
  usage: string,
  options: O,
  run: (values: OperatorValues<O>, env: NodeJS.ProcessEnv, deps: CliDeps) => Promise<number>,
): OperatorCommand {
  return async (argv, env, overrides = {}) => {
    // parseArgs cannot see through the generic `O`; the result is what OperatorValues<O> spells out.
    const values = parseArgs({ args: [...argv], options: { ...options, ...OPERATOR_OPTIONS } })
      .values as OperatorValues<O>;
    if ((values as { readonly help: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    return run(values, env, cliDeps(overrides));
  };
}
