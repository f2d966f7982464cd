import { multipartBody } from '../../functions/clearfacts/multipart-body';

/** Reads a body back with the platform's own multipart parser, as a server would. */
async function parse(
  fields: Record<string, string>,
  filename: string,
  content: Uint8Array,
): Promise<FormData> {
  const body = multipartBody(fields, { name: 'file', filename, contentType: 'application/pdf', content });
  return new Request('http://server/graphql', {
    method: 'POST',
    headers: { 'content-type': body.contentType },
    body: Buffer.concat(body.parts),
  }).formData();
}

describe('the multipart body', () => {
  it('holds the fields in order and the file with its exact bytes', async () => {
    const content = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
    const form = await parse({ query: 'mutation X', variables: '{"a":1}' }, 'factuur été.pdf', content);
    expect([...form.keys()]).toEqual(['query', 'variables', 'file']);
    expect(form.get('query')).toBe('mutation X');
    const file = form.get('file') as File;
    expect(file.name).toBe('factuur été.pdf');
    expect(file.type).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(content);
  });

  it('escapes quotes and line breaks in a filename, as the platform FormData does', async () => {
    const name = 'a"b\r\nc.pdf';
    const body = multipartBody(
      {},
      { name: 'file', filename: name, contentType: 'application/pdf', content: new Uint8Array([1]) },
    );
    expect(Buffer.concat(body.parts).toString('utf8')).toContain('filename="a%22b%0D%0Ac.pdf"');
    const platform = new FormData();
    platform.append('file', new Blob([new Uint8Array([1])], { type: 'application/pdf' }), name);
    const expected = (await new Request('http://server/', { method: 'POST', body: platform }).formData()).get(
      'file',
    );
    const form = await parse({}, name, new Uint8Array([1]));
    expect((form.get('file') as File).name).toBe((expected as File).name);
  });

  it('sends line breaks in a field as CRLF', async () => {
    const form = await parse({ comment: 'one\ntwo\rthree' }, 'x.pdf', new Uint8Array([1]));
    expect(form.get('comment')).toBe('one\r\ntwo\r\nthree');
  });

  it('says its length, and carries the file itself rather than a copy', () => {
    const content = new Uint8Array([1, 2, 3]);
    const body = multipartBody(
      { query: 'q' },
      { name: 'file', filename: 'x.pdf', contentType: 'application/pdf', content },
    );
    expect(body.length).toBe(Buffer.concat(body.parts).length);
    expect(body.parts).toContain(content);
  });

  it('uses a new boundary for every body', () => {
    const file = {
      name: 'file',
      filename: 'x.pdf',
      contentType: 'application/pdf',
      content: new Uint8Array([1]),
    };
    expect(multipartBody({}, file).contentType).not.toBe(multipartBody({}, file).contentType);
  });
});
