import { loadConfigFile } from '../config/load-config';
import { configPath, DEFAULT_DATA_DIR, readLocalEnvironment } from '../local/local-settings';
import type { MessageReport } from '../reports/message-report';
import { resolveStackName } from '../shared/stack-name';
import { formatReport } from './format-report';
import { openAwsTarget } from './replay-aws';
import { openLocalTarget } from './replay-local';
import type { ReplayTarget } from './replay-target';
import { LOCAL_OPTIONS, STACK_OPTIONS } from './target';

/** The flags shared by the commands that act on one stored message (replay, release). */
export const MESSAGE_COMMAND_OPTIONS = {
  ...STACK_OPTIONS,
  ...LOCAL_OPTIONS,
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** Parsed values of those flags. */
export interface MessageCommandValues {
  readonly stage?: string;
  readonly stack?: string;
  readonly region?: string;
  readonly local?: boolean;
  readonly 'data-dir'?: string;
  readonly config?: string;
}

/** The one message id on the command line; undefined when it is missing, doubled, or `--local` meets AWS flags. */
export function messageIdFrom(
  positionals: readonly string[],
  values: MessageCommandValues,
): string | undefined {
  const awsOnly = values.stage ?? values.stack ?? values.region;
  if (positionals.length > 1 || (values.local && awsOnly !== undefined)) return undefined;
  return positionals[0];
}

/** Loads the admin config and opens where the message lives: the local inbox's data, else the deployed stack. */
export async function openMessageTarget(
  values: MessageCommandValues,
  env: NodeJS.ProcessEnv,
): Promise<ReplayTarget> {
  const environment = readLocalEnvironment(env);
  const config = loadConfigFile(configPath(values.config, environment));
  return values.local
    ? await openLocalTarget({
        config,
        dataDir: values['data-dir'] ?? environment.LOCAL_DATA_DIR ?? DEFAULT_DATA_DIR,
        env: environment,
      })
    : await openAwsTarget({
        config,
        stackName: resolveStackName(values, env),
        ...(values.region === undefined ? {} : { region: values.region }),
        env,
      });
}

/** The new report and where it is stored, as the person asked: JSON or readable lines. */
export function formatMessageResult(report: MessageReport, reportLocation: string, json: boolean): string {
  return json
    ? `${JSON.stringify(report, null, 2)}\n`
    : `${[...formatReport(report), `  report ${reportLocation}`].join('\n')}\n`;
}
