import { randomBytes } from 'node:crypto';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaPdfRenderer } from '../../functions/render/lambda-pdf-renderer';
import { type PdfRenderer, RenderError } from '../../functions/render/pdf-renderer';
import { answerRenderRequest } from '../../functions/render/render-request';

const lambda = mockClient(LambdaClient);

/** Stands in for Chromium inside the render function: the "PDF" is the page it was given. */
const echoRenderer: PdfRenderer = { render: async (html) => Buffer.from(`%PDF-${html}`) };

/** An invocation's answer bytes (the SDK wraps them in an adapter; the renderer reads bytes). */
function payload(value: unknown): InvokeCommandOutput['Payload'] {
  return Buffer.from(JSON.stringify(value)) as unknown as InvokeCommandOutput['Payload'];
}

/** Answers invocations the way the deployed render function does, with `renderer` inside. */
function renderFunctionWith(renderer: PdfRenderer): void {
  lambda.on(InvokeCommand).callsFake(async (input: { Payload?: Uint8Array }) => {
    const request: unknown = JSON.parse(Buffer.from(input.Payload ?? []).toString('utf8'));
    const answer = await answerRenderRequest(request, renderer);
    return { StatusCode: 200, Payload: payload(answer) };
  });
}

function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

beforeEach(() => lambda.reset());

describe('rendering through the render function', () => {
  it('sends the page gzipped to the named function and returns its PDF', async () => {
    renderFunctionWith(echoRenderer);
    const page = `<p>${'Parking Meir, € 7,50. '.repeat(5000)}</p>`;

    const pdf = await new LambdaPdfRenderer('clearfacts-render').render(page);

    expect(pdf.toString('utf8')).toBe(`%PDF-${page}`);
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call?.args[0].input.FunctionName).toBe('clearfacts-render');
    // Mail HTML compresses well: the payload is far smaller than the page.
    expect(Buffer.from(call?.args[0].input.Payload as Uint8Array).length).toBeLessThan(page.length / 10);
  });

  it('keeps the failure class the render function reported', async () => {
    renderFunctionWith({
      render: async () => {
        throw new RenderError('Rendering the page took longer than 30 s', 'retryable');
      },
    });

    expect(await failure(new LambdaPdfRenderer('render').render('<p>x</p>'))).toMatchObject({
      name: 'RenderError',
      kind: 'retryable',
      message: 'The render function failed: RenderError: Rendering the page took longer than 30 s',
    });
  });

  it.each([
    ['Sandbox.Timedout', 'retryable', 'Task timed out after 60.00 seconds'],
    ['Runtime.ExitError', 'retryable', 'signal: killed'],
    [
      'Function.ResponseSizeTooLarge',
      'permanent',
      'Response payload size exceeded maximum allowed payload size',
    ],
  ])('classifies a function that failed with %s as %s', async (errorType, kind, errorMessage) => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({ errorType, errorMessage }),
    });

    expect(await failure(new LambdaPdfRenderer('render').render('<p>x</p>'))).toMatchObject({ kind });
  });

  it.each([
    ['TooManyRequestsException', 'retryable'],
    ['ServiceException', 'retryable'],
    ['AccessDeniedException', 'configuration'],
    ['ResourceNotFoundException', 'configuration'],
  ])('classifies a Lambda API %s as %s', async (name, kind) => {
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('from Lambda'), { name }));

    const error = await failure(new LambdaPdfRenderer('render').render('<p>x</p>'));
    expect(error).toMatchObject({ name: 'RenderError', kind });
    expect((error as Error).message).toContain(`Invoking the render function render failed: ${name}`);
  });

  it('refuses a page too large for an invocation without sending it', async () => {
    const page = `<img src="data:image/png;base64,${randomBytes(5 * 1024 * 1024).toString('base64')}">`;

    expect(await failure(new LambdaPdfRenderer('render').render(page))).toMatchObject({ kind: 'permanent' });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});

describe('the render function', () => {
  it('answers a malformed request with a permanent failure instead of throwing', async () => {
    expect(await answerRenderRequest({ page: '<p>x</p>' }, echoRenderer)).toEqual({
      error: {
        kind: 'permanent',
        message: 'RenderError: Expected a render request: { "html": "<gzipped page, base64>" }',
      },
    });
  });
});
