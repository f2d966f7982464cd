import { describeError } from '../shared/errors';

/**
 * Makes a script's promised exit status the process's; an unexpected error is described on
 * stderr (errors of this project never carry the token) and exits 1.
 */
export function exitWith(status: Promise<number>): void {
  status.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${describeError(error)}\n`);
      process.exitCode = 1;
    },
  );
}
