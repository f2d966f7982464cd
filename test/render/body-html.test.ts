import { bodyPage, sanitiseHtml } from '../../functions/render/body-html';
import type { MessageBody } from '../../functions/render/message-body';

const HEADERS = {
  subject: 'Uw bestelling <1234> & meer',
  from: 'Shop "Best" <shop@example.be>',
  to: 'acme@invoices.example.com',
  date: new Date('2026-11-20T09:14:02Z'),
  inlineImages: new Map(),
};

function page(body: Partial<MessageBody>): string {
  return bodyPage({ ...HEADERS, ...body });
}

describe('the page printed for a message body', () => {
  it('starts with a header block of From, To, Date (in Belgian time) and Subject, escaped', () => {
    const html = page({ text: 'Hallo' });
    expect(html).toContain('<th>From</th><td>Shop &quot;Best&quot; &lt;shop@example.be&gt;</td>');
    expect(html).toContain('<th>To</th><td>acme@invoices.example.com</td>');
    expect(html).toContain('<th>Date</th><td>Friday 20 November 2026, 10:14:02 CET</td>');
    expect(html).toContain('<th>Subject</th><td>Uw bestelling &lt;1234&gt; &amp; meer</td>');
  });

  it('lays out a text body as written, escaped', () => {
    const html = page({ text: 'Totaal:\n  € 7,50 <b>niet vet</b>' });
    expect(html).toContain('<pre class="cf-mail-text">Totaal:\n  € 7,50 &lt;b&gt;niet vet&lt;/b&gt;</pre>');
  });

  it('forbids every load but data: images and inline styles', () => {
    expect(page({ text: 'x' })).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:">`,
    );
  });

  it('embeds cid: images as data: URLs and leaves unknown ones', () => {
    const logo = Buffer.from('png bytes');
    const html = page({
      html: '<img src="cid:Logo%40shop.example"><img src="cid:unknown@x"><div style="background:url(cid:logo@shop.example)">',
      inlineImages: new Map([['logo@shop.example', { contentType: 'image/png', content: logo }]]),
    });
    const dataUrl = `data:image/png;base64,${logo.toString('base64')}`;
    expect(html).toContain(`<img src="${dataUrl}"><img src="cid:unknown@x">`);
    expect(html).toContain(`background:url(${dataUrl})`);
  });

  it('does not embed an inline part whose type is not an image', () => {
    const html = page({
      html: '<img src="cid:x@y">',
      inlineImages: new Map([
        ['x@y', { contentType: 'image/svg+xml;charset=utf-8', content: Buffer.from('<svg/>') }],
      ]),
    });
    expect(html).toContain('<img src="cid:x@y">');
  });
});

describe('tidying a mail HTML body', () => {
  it('removes scripts with their content, and base, meta, link, frame and plugin tags', () => {
    const html = [
      '<base href="http://tracker.example/"><meta http-equiv="refresh" content="0;url=http://x">',
      '<link rel="dns-prefetch" href="//tracker.example"><p>keep</p>',
      '<SCRIPT type="text/javascript">alert(1)</script ><iframe src="http://x"></iframe>',
      '<object data="http://x"></object><embed src="http://x"><p>also kept</p>',
    ].join('');
    expect(sanitiseHtml(html)).toBe('<p>keep</p></iframe></object><p>also kept</p>');
  });

  it('drops the rest of the document after an unclosed script, as a browser would', () => {
    expect(sanitiseHtml('<p>a</p><script>never closed <p>b</p>')).toBe('<p>a</p>');
  });

  it('stays fast on a hostile body of many unclosed tags', () => {
    const hostile = '<script<base<meta'.repeat(200_000);
    const started = Date.now();
    sanitiseHtml(hostile);
    sanitiseHtml(`<p>${'<base'.repeat(500_000)}`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
