import type { LedgerUsage } from './counting-ledger';
import type { BaselineProbeInput } from './probe-baseline';
import type { RunFigures } from './probe-harness';
import type { PipelineProbeInput } from './probe-pipeline';
import { runProbeProcess } from './probe-process';
import type { StandInWaits } from './stand-in-waits';
import { mebibytes, median, medianOf } from './stats';

/** A corpus message as the benchmark stored it: an .eml file for the baseline, an S3 object for the pipeline. */
export interface StoredMessage {
  readonly name: string;
  readonly description: string;
  readonly bytes: number;
  readonly documents: number;
  readonly file: string;
  /** Its SES message id: the object is `inbound/<messageId>`. */
  readonly messageId: string;
}

/** One side's medians for one message. */
export interface SideFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly idleRssMB: number;
  readonly peakRssMB: number;
  /** Peak RSS less the idle process's: what handling this message took. */
  readonly rssAboveIdleMB: number;
  readonly peakHeapMB: number;
  readonly peakExternalMB: number;
}

/** Both sides' figures for one message, and the ratios full processing ÷ baseline. */
export interface MessageFigures {
  readonly name: string;
  readonly description: string;
  readonly bytes: number;
  readonly documents: number;
  readonly runs: number;
  readonly baseline: SideFigures;
  readonly pipeline: SideFigures;
  readonly wallRatio: number;
  readonly cpuRatio: number;
  /** Medians of the full processing's waits on the local S3 and the Clearfacts stand-in (part of its wall time). */
  readonly waits: StandInWaits;
  /** What the message cost the ledger (the same on every run). */
  readonly ledger: LedgerUsage;
}

/** What the side-by-side runs need. */
export interface MeasureSetup {
  readonly probes: { readonly baseline: string; readonly pipeline: string };
  readonly warmup: StoredMessage;
  /** How often each probe handles the warm-up message before the measured one. */
  readonly warmups: number;
  readonly s3Endpoint: string;
  readonly clearfactsUrl: string;
  /** Where probes leave their answers. */
  readonly directory: string;
  readonly runs: (message: StoredMessage) => number;
  readonly onRun?: (message: StoredMessage, run: number) => void;
}

/**
 * Measures each message side by side: (a) plain mailparser on the bytes in memory, (b) the full
 * processing from the local S3 to the Clearfacts stand-in. Every run of either side is a fresh process;
 * the two sides alternate, so a machine that gets busier slows both alike.
 */
export async function measureMessages(
  messages: readonly StoredMessage[],
  setup: MeasureSetup,
): Promise<MessageFigures[]> {
  const results: MessageFigures[] = [];
  for (const message of messages) {
    const runs = setup.runs(message);
    const baseline: RunFigures[] = [];
    const pipeline: RunFigures[] = [];
    const waits: StandInWaits[] = [];
    let ledger: LedgerUsage | undefined;
    for (let run = 1; run <= runs; run += 1) {
      setup.onRun?.(message, run);
      const baselineInput: Omit<BaselineProbeInput, 'answer'> = {
        message: message.file,
        warmup: setup.warmup.file,
        warmups: setup.warmups,
      };
      baseline.push(
        (
          await runProbeProcess<{ figures: RunFigures }>({
            script: setup.probes.baseline,
            input: { ...baselineInput },
            directory: setup.directory,
          })
        ).figures,
      );
      const pipelineInput: Omit<PipelineProbeInput, 'answer'> = {
        s3Endpoint: setup.s3Endpoint,
        clearfactsUrl: setup.clearfactsUrl,
        messageId: message.messageId,
        warmupId: setup.warmup.messageId,
        warmups: setup.warmups,
        documents: message.documents,
      };
      const answer = await runProbeProcess<{ figures: RunFigures; ledger: LedgerUsage; waits: StandInWaits }>(
        {
          script: setup.probes.pipeline,
          input: { ...pipelineInput },
          directory: setup.directory,
        },
      );
      pipeline.push(answer.figures);
      waits.push(answer.waits);
      ledger = answer.ledger;
    }
    const a = sideFigures(baseline);
    const b = sideFigures(pipeline);
    results.push({
      name: message.name,
      description: message.description,
      bytes: message.bytes,
      documents: message.documents,
      runs,
      baseline: a,
      pipeline: b,
      wallRatio: b.wallMs / a.wallMs,
      cpuRatio: b.cpuMs / a.cpuMs,
      waits: medianOf(waits.map((wait) => ({ ...wait }))),
      ledger: ledger ?? { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 },
    });
  }
  return results;
}

/** The medians of one side's runs; "above idle" is the median of each run's own difference. */
function sideFigures(runs: readonly RunFigures[]): SideFigures {
  const m = medianOf(runs.map((run) => ({ ...run })));
  return {
    wallMs: m.wallMs,
    cpuMs: m.cpuMs,
    idleRssMB: mebibytes(m.idleRssBytes),
    peakRssMB: mebibytes(m.peakRssBytes),
    // A collection between the idle reading and the work can leave the peak just below it: 0 then.
    rssAboveIdleMB: mebibytes(median(runs.map((run) => Math.max(0, run.peakRssBytes - run.idleRssBytes)))),
    peakHeapMB: mebibytes(m.peakHeapBytes),
    peakExternalMB: mebibytes(m.peakExternalBytes),
  };
}
