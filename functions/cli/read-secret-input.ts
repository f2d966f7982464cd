import { UsageError } from './usage-error';

/** Standard input as the secret prompt uses it: a TTY can switch echo off with raw mode. */
export interface SecretInputStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Where the prompt is written (stderr, so stdout stays clean for `--json`). */
export interface PromptOutput {
  write(text: string): unknown;
}

/** Control characters the no-echo prompt understands. */
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = ['\u007f', '\b'];

/**
 * Reads a secret: from a terminal with a prompt and without echo (raw mode, nothing printed back),
 * or from a pipe (`… | npm run cli -- token set`), taking the first non-empty line.
 */
export async function readSecretInput(
  stdin: SecretInputStream,
  prompt: PromptOutput,
  question: string,
): Promise<string> {
  if (stdin.isTTY === true && typeof stdin.setRawMode === 'function')
    return readWithoutEcho(stdin, prompt, question);
  let text = '';
  for await (const chunk of stdin)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

function readWithoutEcho(stdin: SecretInputStream, prompt: PromptOutput, question: string): Promise<string> {
  prompt.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      prompt.write('\n');
      if (error === undefined) resolve(typed.trim());
      else reject(error);
    };
    const onData = (chunk: string | Buffer): void => {
      for (const character of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (character === CTRL_C) {
          finish(new UsageError('Cancelled: nothing was stored.'));
          return;
        }
        if (character === '\r' || character === '\n' || character === CTRL_D) {
          finish();
          return;
        }
        if (BACKSPACE.includes(character)) typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}
