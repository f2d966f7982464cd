import { startClearfactsStandIn } from '../support/clearfacts-stand-in';

/** The stand-in is shared by handler and end-to-end tests: these pin the behaviour they rely on. */

function uploadForm(variables: Record<string, unknown>): FormData {
  const form = new FormData();
  form.append('query', 'mutation { uploadFile(filename: $filename) { uuid } }');
  form.append('variables', JSON.stringify(variables));
  form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'application/pdf' }), 'a.pdf');
  return form;
}

describe('the Clearfacts stand-in', () => {
  it('answers 500 when tags are sent, as the live server is reported to', async () => {
    const standIn = await startClearfactsStandIn();
    try {
      const response = await fetch(standIn.url, {
        method: 'POST',
        body: uploadForm({ filename: 'a.pdf', tags: ['x'] }),
      });

      expect(response.status).toBe(500);
      expect(standIn.requests[0]?.variables?.tags).toEqual(['x']);
      expect(standIn.uploads).toHaveLength(0);
    } finally {
      await standIn.close();
    }
  });

  it('answers 401 to a wrong token when it was given one', async () => {
    const standIn = await startClearfactsStandIn({ token: 'right' });
    try {
      const response = await fetch(standIn.url, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong' },
        body: uploadForm({ filename: 'a.pdf' }),
      });

      expect(response.status).toBe(401);
      expect(standIn.uploads).toHaveLength(0);
    } finally {
      await standIn.close();
    }
  });

  it('lists as uploads only the requests answered with a uuid, scripted or not', async () => {
    const standIn = await startClearfactsStandIn();
    try {
      standIn.respondWith(
        { status: 503 },
        { body: { data: { uploadFile: { uuid: 'scripted-uuid', name: 'a.pdf' } } } },
      );
      for (let i = 0; i < 3; i++) {
        await fetch(standIn.url, {
          method: 'POST',
          body: uploadForm({ filename: 'a.pdf', companyNumber: '0123456749' }),
        });
      }

      expect(standIn.requests).toHaveLength(3);
      expect(standIn.uploads.map((upload) => upload.uuid)).toEqual(['scripted-uuid', expect.any(String)]);
      expect(standIn.uploads[1]?.companyNumber).toBe('0123456749');
      expect(Array.from(standIn.uploads[1]?.file.bytes ?? [])).toEqual([1, 2, 3]);
    } finally {
      await standIn.close();
    }
  });

  it('answers 404 outside /graphql, and 400 to a body it cannot parse', async () => {
    const standIn = await startClearfactsStandIn();
    try {
      const elsewhere = await fetch(standIn.url.replace('/graphql', '/other'), {
        method: 'POST',
        body: '{}',
      });
      const garbled = await fetch(standIn.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });

      expect(elsewhere.status).toBe(404);
      expect(garbled.status).toBe(400);
      expect(standIn.requests[1]?.parseError).toBeDefined();
    } finally {
      await standIn.close();
    }
  });
});
