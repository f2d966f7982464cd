/** Everything written to stdout and stderr while `run` ran, for asserting on log lines. */
export async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const capture = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  const log = jest
    .spyOn(console, 'log')
    .mockImplementation((...args: unknown[]) => capture(`${args.join(' ')}\n`));
  try {
    const result = await run();
    return { result, output: chunks.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    log.mockRestore();
  }
}
