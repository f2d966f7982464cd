import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Secrets Manager endpoint on 127.0.0.1 that knows one secret. */
export interface SecretsStub {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Answers every `GetSecretValue` (the only call the function makes on a cold start, through
 * middy's secrets-manager middleware) with `secretString`, in the service's JSON protocol.
 */
export async function startSecretsStub(secretString: string): Promise<SecretsStub> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:bench-clearfacts-AbCdEf',
          Name: 'bench-clearfacts',
          SecretString: secretString,
          VersionId: '00000000-0000-4000-8000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_763_629_200,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
