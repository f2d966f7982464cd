import {
  administrationsOf,
  type ClearfactsSandbox,
  startClearfactsSandbox,
} from '../../functions/local/clearfacts/clearfacts-sandbox';
import { slowAnswer } from '../../functions/local/clearfacts/stand-in-faults';
import { BENCH_CONFIG } from './bench-config';

/**
 * The benchmark's Clearfacts: the project's one stand-in (it validates every request like the
 * tests' does), answering each upload after `delayMs` and keeping nothing in memory but a count.
 */
export async function startBenchClearfacts(delayMs: number): Promise<ClearfactsSandbox> {
  const clearfacts = await startClearfactsSandbox({
    administrations: administrationsOf(BENCH_CONFIG),
    record: false,
  });
  if (delayMs > 0) clearfacts.respondAlways(slowAnswer(delayMs));
  return clearfacts;
}
