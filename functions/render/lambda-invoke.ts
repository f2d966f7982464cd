import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';

/**
 * Invokes a function synchronously with a JSON payload. Its own module, loaded with `import()` by
 * `LambdaPdfRenderer`, so the Lambda client (about 70 KB) initialises only when a body is rendered.
 */
export function createInvoker(
  region?: string,
): (functionName: string, payload: Uint8Array) => Promise<InvokeCommandOutput> {
  const client = new LambdaClient(region === undefined ? {} : { region });
  return (functionName, payload) =>
    client.send(new InvokeCommand({ FunctionName: functionName, Payload: payload }));
}
