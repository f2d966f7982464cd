import type { ColdStartFigures } from './cold-start';
import type { CostPerThousand } from './cost';
import type { Machine } from './machine';
import type { MessageFigures } from './measure';
import type { FiftyDocumentsFigures, Target } from './targets';
import type { ThroughputFigures } from './throughput';

/** Everything one benchmark run found: what `--out` writes as JSON. */
export interface BenchResults {
  readonly generatedAt: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly messages: readonly MessageFigures[];
  readonly coldStart?: ColdStartFigures;
  readonly throughput?: ThroughputFigures;
  /** The message with 50 PDFs against a slow Clearfacts. */
  readonly fiftyDocuments?: FiftyDocumentsFigures;
  readonly cost: {
    readonly pricesChecked: string;
    readonly region: string;
    readonly memoryMB: number;
    /** Per corpus message: the measured duration plus Clearfacts' answer time per document. */
    readonly perMessage: readonly {
      readonly name: string;
      readonly durationMs: number;
      readonly perThousand: CostPerThousand;
    }[];
  };
  readonly targets: readonly Target[];
}
