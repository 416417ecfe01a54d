import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { savePage } from '#app/models/page.ts';
import { ada } from '#test/fixtures/cast.ts';
import { db } from '#app/models/db.ts';

describe('images in articles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const author = await ada();
    await db.asset.create({
      data: {
        storedName: '2026/11/0123456789abcdef.png',
        originalName: 'harbour.png',
        contentType: 'image/png',
        byteSize: 1000,
        width: 1000,
        height: 667,
        uploaderId: author.id,
      },
    });
    await createArticle({
      author,
      title: 'Harbour',
      publishedAt: new Date('2024-04-04T10:00:00Z'),
      excerpt: '![small](/uploads/2026/11/0123456789abcdef-thumb.png)',
      bodySource: [
        '[![medium](/uploads/2026/11/0123456789abcdef-medium.png)](/uploads/2026/11/0123456789abcdef.png)',
        '![original](/uploads/2026/11/0123456789abcdef.png)',
        '![elsewhere](https://example.com/pic.png) ![unknown](/uploads/2026/11/ffffffffffffffff.png)',
      ].join('\n\n'),
    });
    await createArticle({
      author,
      title: 'Sized by hand',
      textFilter: 'none',
      publishedAt: new Date('2024-04-05T10:00:00Z'),
      bodySource: '<p><img src="/uploads/2026/11/0123456789abcdef.png" alt="hand" width="120"></p>',
    });
  });
  afterAll(() => t.close());

  const img = (html: string, alt: string) => html.match(new RegExp(`<img [^>]*alt="${alt}"[^>]*>`))?.[0] ?? '';

  it('carry the intrinsic width and height of uploaded images, variants included', async () => {
    const page = (await request(t.app).get('/2024/04/04/harbour').expect(200)).text;
    expect(img(page, 'medium')).toMatch(/width="800" height="534"/);
    expect(img(page, 'original')).toMatch(/width="1000" height="667"/);
    expect(img(page, 'elsewhere')).not.toMatch(/width=|height=/);
    expect(img(page, 'unknown')).not.toMatch(/width=|height=/);
    const home = (await request(t.app).get('/').expect(200)).text;
    expect(img(home, 'small')).toMatch(/width="200" height="133"/);
  });

  it('carry their size in static pages too', async () => {
    await savePage({ title: 'Gallery', bodySource: '![harbour](/uploads/2026/11/0123456789abcdef-medium.png)' });
    const page = (await request(t.app).get('/pages/gallery').expect(200)).text;
    expect(img(page, 'harbour')).toMatch(/width="800" height="534"/);
  });

  it('keep a size the author wrote', async () => {
    const page = (await request(t.app).get('/2024/04/05/sized-by-hand').expect(200)).text;
    expect(img(page, 'hand')).toMatch(/width="120"/);
    expect(img(page, 'hand')).not.toMatch(/height=/);
  });
});
