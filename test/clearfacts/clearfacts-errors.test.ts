import {
  ClearfactsError,
  isAuthGraphqlError,
  kindForGraphqlErrors,
  kindForStatus,
} from '../../functions/clearfacts/clearfacts-errors';
import { errorKindOf, IngestError, StorageError } from '../../functions/shared/errors';

describe('kindForStatus', () => {
  it.each([
    [401, 'configuration'],
    [403, 'configuration'],
    [301, 'configuration'],
    [408, 'retryable'],
    [429, 'retryable'],
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
    [400, 'permanent'],
    [404, 'permanent'],
    [413, 'permanent'],
    [422, 'permanent'],
  ])('classifies %i as %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });
});

describe('GraphQL error classification', () => {
  it('recognises auth problems by extension code or category', () => {
    expect(isAuthGraphqlError({ message: 'nope', extensions: { code: 'UNAUTHENTICATED' } })).toBe(true);
    expect(isAuthGraphqlError({ message: 'nope', extensions: { category: 'authorization' } })).toBe(true);
  });

  it('recognises auth problems by wording when extensions say nothing', () => {
    expect(isAuthGraphqlError({ message: 'Access denied.' })).toBe(true);
    expect(isAuthGraphqlError({ message: 'The token is expired' })).toBe(true);
    expect(isAuthGraphqlError({ message: 'insufficient scope: upload_document' })).toBe(true);
  });

  it('treats validation errors as permanent', () => {
    const errors = [{ message: 'Variable "$filename" of required type "String!" was not provided.' }];

    expect(isAuthGraphqlError(errors[0] ?? {})).toBe(false);
    expect(kindForGraphqlErrors(errors)).toBe('permanent');
  });

  it('treats a list with any auth error as configuration', () => {
    expect(kindForGraphqlErrors([{ message: 'bad input' }, { message: 'Unauthorized' }])).toBe(
      'configuration',
    );
  });
});

describe('ClearfactsError', () => {
  it('is an IngestError the pipeline can classify, with its name, status and cause', () => {
    const cause = new Error('socket hang up');
    const error = new ClearfactsError('Clearfacts uploadFile failed', 'retryable', {
      operation: 'uploadFile',
      status: 503,
      cause,
    });

    expect(error).toBeInstanceOf(IngestError);
    expect(error.name).toBe('ClearfactsError');
    expect(errorKindOf(error)).toBe('retryable');
    expect(error.status).toBe(503);
    expect(error.cause).toBe(cause);
  });
});

describe('errorKindOf and missing AWS credentials', () => {
  it('calls a failure caused by missing credentials a configuration error, however it was wrapped', () => {
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const wrapped = new StorageError('Cannot write to the ledger', 'retryable', { cause: noCredentials });
    expect(errorKindOf(wrapped)).toBe('configuration');
    expect(errorKindOf(noCredentials)).toBe('configuration');
    // Positive control: the same wrapper around another cause keeps its own kind.
    expect(
      errorKindOf(
        new StorageError('Cannot write to the ledger', 'retryable', { cause: new Error('timeout') }),
      ),
    ).toBe('retryable');
  });
});
