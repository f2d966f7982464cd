import { SQSClient } from '@aws-sdk/client-sqs';
import type { CliDeps } from '../cli/cli-deps';
import { type MessageCommandValues, openMessageTarget } from '../cli/message-command';
import type { ReplayTarget } from '../cli/replay-target';
import { Target } from '../cli/target';
import { releaseMessage } from '../ingest/release-message';
import { type ReplayResult, replayMessage, storedLocation } from '../ingest/replay-message';
import { localPaths } from '../local/local-paths';
import type { MessageReport } from '../reports/message-report';
import type { RecentReports } from '../reports/recent-reports';
import { InvalidInputError, StorageError } from '../shared/errors';
import { MAX_MESSAGE_BYTES } from '../shared/limits';
import { type DeadLetters, localDeadLetters, sqsDeadLetters } from './dead-letters';

/** Everything the console reads and does, against the deployed stack or the local inbox's data. */
export interface ConsoleBackend {
  /** Names the source for people ("the local inbox in .local", "stack … in …"). */
  readonly description: string;
  readonly reports: RecentReports;
  readonly deadLetters: DeadLetters;
  loadReport(messageId: string): Promise<MessageReport | undefined>;
  /** The raw message as SES stored it; undefined when it is gone. */
  rawMessage(report: MessageReport): Promise<Buffer | undefined>;
  /** Uploads a quarantined message through the same exactly-once path as `npm run release`. */
  release(messageId: string, by: string | undefined): Promise<ReplayResult>;
  /** Processes a message again, as `npm run replay` does; recipients and verdicts come from the report, else these. */
  replay(messageId: string, from?: { readonly recipients: readonly string[] }): Promise<ReplayResult>;
  /** Marks a quarantined message as reviewed and discarded; nothing is uploaded and the raw mail stays. */
  discard(messageId: string, by: string | undefined): Promise<MessageReport>;
  close(): Promise<void>;
}

/** Where the console looks: the operator commands' flags. */
export interface ConsoleTargetValues extends MessageCommandValues {
  readonly 'data-dir'?: string;
}

/** Opens the target the flags name, with the same resolution as every operator command. */
export async function openConsoleBackend(
  values: ConsoleTargetValues,
  env: NodeJS.ProcessEnv,
  deps: CliDeps,
): Promise<ConsoleBackend> {
  const where = new Target(values, env, deps);
  const target = await openMessageTarget(values, env);
  try {
    const reports = await where.recentReports();
    if (where.isLocal) {
      return backendFor(
        target,
        reports,
        localDeadLetters(localPaths(where.dataDir).deadLetter),
        async () => undefined,
      );
    }
    const sqs = new SQSClient(values.region === undefined ? {} : { region: values.region });
    const deadLetters = sqsDeadLetters(sqs, await where.deadLetterQueueUrl());
    return backendFor(target, reports, deadLetters, async () => sqs.destroy());
  } catch (error) {
    await target.close();
    throw error;
  }
}

/** The backend over a replay target (the pipeline's ports), a report listing and the dead letters. */
export function backendFor(
  target: ReplayTarget,
  reports: RecentReports,
  deadLetters: DeadLetters,
  closeExtra: () => Promise<void>,
): ConsoleBackend {
  const { deps, bucket, rawMailPrefix } = target;
  return {
    description: target.description,
    reports,
    deadLetters,
    loadReport: (messageId) => deps.reports.loadReport(messageId, bucket),
    async rawMessage(report) {
      const location = storedLocation(report.rawMessage) ?? {
        bucket,
        key: `${rawMailPrefix}${report.messageId}`,
      };
      try {
        return await readBounded(await deps.messages.openRawMessage(location));
      } catch (error) {
        if (error instanceof StorageError && error.kind === 'permanent') return undefined;
        throw error;
      }
    },
    release: (messageId, by) =>
      releaseMessage({ messageId, bucket, rawMailPrefix, ...(by === undefined ? {} : { by }) }, deps),
    replay: (messageId, from) =>
      replayMessage(
        {
          messageId,
          bucket,
          rawMailPrefix,
          ...(from === undefined || from.recipients.length === 0 ? {} : { recipients: from.recipients }),
        },
        deps,
      ),
    async discard(messageId, by) {
      const report = await deps.reports.loadReport(messageId, bucket);
      if (report === undefined)
        throw new InvalidInputError(`Message ${messageId} has no report in ${bucket}`);
      const discarded: MessageReport = {
        ...report,
        discarded: { at: deps.now().toISOString(), ...(by === undefined ? {} : { by }) },
      };
      await deps.reports.saveReport(discarded, bucket);
      return discarded;
    },
    async close() {
      await closeExtra();
      await target.close();
    },
  };
}

/** Reads a stream whole, refusing more than SES ever stores (a message is at most 40 MB). */
async function readBounded(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_MESSAGE_BYTES)
      throw new InvalidInputError(`The raw message is larger than ${MAX_MESSAGE_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
