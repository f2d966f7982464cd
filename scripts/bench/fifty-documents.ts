import { startBenchClearfacts } from './bench-clearfacts';
import type { StoredMessage } from './measure';
import type { RunFigures } from './probe-harness';
import type { PipelineProbeInput } from './probe-pipeline';
import { runProbeProcess } from './probe-process';
import { median } from './stats';
import type { FiftyDocumentsFigures } from './targets';

/** What the fifty-document run needs. */
export interface FiftyDocumentsSetup {
  /** The bundled pipeline probe. */
  readonly probe: string;
  readonly message: StoredMessage;
  readonly warmup: StoredMessage;
  readonly warmups: number;
  readonly s3Endpoint: string;
  readonly directory: string;
  readonly clearfactsDelayMs: number;
  readonly runs: number;
  readonly onRun?: (run: number) => void;
}

/**
 * The message with 50 PDFs processed as in Lambda, against the one Clearfacts stand-in answering
 * each upload after `clearfactsDelayMs`: what the uploads running a few at a time save, in seconds.
 */
export async function measureFiftyDocuments(setup: FiftyDocumentsSetup): Promise<FiftyDocumentsFigures> {
  const clearfacts = await startBenchClearfacts(setup.clearfactsDelayMs);
  try {
    const walls: number[] = [];
    for (let run = 1; run <= setup.runs; run += 1) {
      setup.onRun?.(run);
      const input: Omit<PipelineProbeInput, 'answer'> = {
        s3Endpoint: setup.s3Endpoint,
        clearfactsUrl: clearfacts.url,
        messageId: setup.message.messageId,
        warmupId: setup.warmup.messageId,
        warmups: setup.warmups,
        documents: setup.message.documents,
      };
      const answer = await runProbeProcess<{ figures: RunFigures }>({
        script: setup.probe,
        input: { ...input },
        directory: setup.directory,
      });
      walls.push(answer.figures.wallMs);
    }
    return {
      message: setup.message.name,
      documents: setup.message.documents,
      clearfactsDelayMs: setup.clearfactsDelayMs,
      runs: setup.runs,
      seconds: median(walls) / 1000,
    };
  } finally {
    await clearfacts.close();
  }
}
