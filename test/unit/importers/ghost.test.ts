import { describe, expect, it } from 'vitest';
import { openGhost } from '#app/importers/sources/ghost/index.ts';
import { ImportInputError } from '#app/importers/source.ts';
import { collect, fixture, options, readError } from './collect.ts';

const ghost5 = () => collect(openGhost(fixture('ghost', 'ghost5.json'), options()));
const CARDS = 'article:65ed6b1f0c4a2a0001a1b001'.replace('article:', 'post:');

describe('Ghost 5 export (Lexical)', () => {
  it('names the site first, by its uuid when the export has no URL', async () => {
    const { items } = await ghost5();
    expect(items[0]).toEqual({
      kind: 'source',
      identity: 'ghost:site:0e2b8d4c-1f5a-4f3e-9d0b-3a1c2b4d5e6f',
      title: 'Ghostly Notes',
      link: '',
    });
  });

  it('yields users as authors, public tags as tags, and skips internal tags', async () => {
    const { byKey, ofKind } = await ghost5();
    expect(byKey('author', 'user:1')).toEqual({
      kind: 'author',
      key: 'user:1',
      login: 'ada',
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
      oldAddresses: ['/author/ada', '/author/ada/rss'],
    });
    expect(byKey('term', 'tag:t2')).toMatchObject({
      taxonomy: 'tag',
      name: 'Café',
      slug: 'cafe',
      oldAddresses: ['/tag/cafe', '/tag/cafe/rss'],
    });
    expect(ofKind('term').map((term) => term.key)).toEqual(['tag:t1', 'tag:t2']);
    expect(ofKind('skipped')).toContainEqual(expect.objectContaining({ key: 'tag:t3', what: 'tag', title: '#hero' }));
  });

  it('renders every Lexical node and card to HTML', async () => {
    const article = (await ghost5()).byKey('article', CARDS);
    if (article.body.format !== 'html') throw new Error('expected html');
    const html = article.body.html;
    expect(html).toContain(
      '<p>Hello from <strong>Ghost 5</strong>, with <em>emphasis</em> and <code>code</code> &#38; &#60;angle&#62; brackets.</p>',
    );
    expect(html).toContain('<h2>A heading</h2>');
    expect(html).toContain(
      '<p>A <a href="https://example.org/?a=1&#38;b=2" rel="noreferrer">link</a>.<br>Second line.</p>',
    );
    expect(html).toContain('<ol><li>first</li><li><ul><li>nested</li></ul></li></ol>');
    expect(html).toContain('<blockquote><p>A quotation.</p></blockquote>');
    expect(html).toContain('<blockquote class="kg-blockquote-alt"><p>An aside.</p></blockquote>');
    expect(html).toContain(
      '<figure><img src="/content/images/2024/03/cat.jpg" alt="A cat" width="1200" height="800"><figcaption><span style="white-space: pre-wrap;">The cat</span></figcaption></figure>',
    );
    expect(html).toContain('<pre><code class="language-javascript">const a = 1 &#60; 2;\n</code></pre>');
    expect(html).toContain('<table><tr><td>raw html</td></tr></table>');
    expect(html).toContain('<strong>Markdown</strong> card with a <a href="https://example.com">link</a>.');
    expect(html).toContain('<hr>');
    expect(html).toContain(
      '<a href="https://ghost.org/">Ghost: The Creator Economy Platform</a><br>The former of the two.',
    );
    expect(html).toContain('<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Never Gonna Give You Up</a>');
    expect(html).not.toContain('<iframe');
    expect(html).toContain(
      '<blockquote class="kg-callout-card"><p>💡 <p><span style="white-space: pre-wrap;">Mind the gap</span></p></p></blockquote>',
    );
    expect(html).toContain(
      '<img src="/content/images/size/w600/2024/03/two.jpg" alt="Two" width="800" height="600"><figcaption>second</figcaption>',
    );
    expect(html).toContain('<p>After the paywall.</p>');
    expect(article.notes).toEqual([
      'had a "call-to-action" card Folio does not know: its text was kept where there was any',
      'had a members-only section (paywall card): in Folio the whole post is public',
      'had 2 authors: the first is its author in Folio',
      'internal tag #hero not imported',
    ]);
  });

  it('keeps the feature image, excerpt, primary author, tags in order, dates and the day in the site zone', async () => {
    const article = (await ghost5()).byKey('article', CARDS);
    expect(article.body.format === 'html' && article.body.html).toMatch(
      /^<figure class="feature-image"><img src="\/content\/images\/2024\/03\/header.jpg" alt="Header alt"><figcaption>Photo by <a href="https:\/\/unsplash.com">Unsplash<\/a><\/figcaption><\/figure>\n<p>Hello/,
    );
    expect(article).toMatchObject({
      title: 'Every card there is',
      slug: 'every-card',
      status: 'published',
      excerpt: { format: 'html', html: 'Cards, all of them &#38; more.' },
      authorKey: 'user:65ed6b1f0c4a2a0001a1a002',
      termKeys: ['tag:t1', 'tag:t2'],
      publishedAt: new Date('2024-03-09T23:30:00.000Z'),
      // 23:30 UTC is 18:30 in New York, the same day; the blog showed the 9th.
      publishedOn: '2024-03-09',
      createdAt: new Date('2024-03-10T09:15:00.000Z'),
      oldAddresses: ['/every-card', '/every-card/amp'],
    });
  });

  it('prefers stored HTML, maps pages, drafts, scheduled, email-only and members-only posts', async () => {
    const { byKey, ofKind } = await ghost5();
    const stored = byKey('article', 'post:65ed6b1f0c4a2a0001a1b002');
    expect(stored.body).toEqual({ format: 'html', html: '<p>Stored <strong>HTML</strong> wins — «ça va».</p>' });
    expect(stored.notes).toEqual(['had code injection (scripts or styles): not imported']);
    expect(byKey('page', 'post:65ed6b1f0c4a2a0001a1b003')).toMatchObject({
      title: 'About',
      slug: 'about',
      status: 'published',
      oldAddresses: ['/about', '/about/amp'],
    });
    expect(byKey('article', 'post:65ed6b1f0c4a2a0001a1b004')).toMatchObject({
      status: 'draft',
      publishedAt: undefined,
      oldAddresses: [],
    });
    expect(byKey('article', 'post:65ed6b1f0c4a2a0001a1b005')).toMatchObject({
      status: 'scheduled',
      publishedAt: new Date('2030-01-01T08:00:00.000Z'),
      publishedOn: '2030-01-01',
    });
    expect(byKey('article', 'post:65ed6b1f0c4a2a0001a1b006')).toMatchObject({
      status: 'draft',
      notes: ['was sent as an email only, never on the site: imported as a draft'],
    });
    expect(byKey('article', 'post:65ed6b1f0c4a2a0001a1b007')).toMatchObject({
      status: 'draft',
      notes: ['was visible to paid only: imported as a draft so it is not made public'],
    });
    expect(ofKind('redirect')).toEqual([
      { kind: 'redirect', key: 'redirect:/rss', from: '/rss', to: { type: 'feed' } },
    ]);
  });

  it('imports members’ comments with threads and status, and skips deleted ones', async () => {
    const { byKey, ofKind } = await ghost5();
    expect(byKey('comment', 'comment:c1')).toEqual({
      kind: 'comment',
      key: 'comment:c1',
      articleKey: CARDS,
      commentKind: 'comment',
      authorName: 'Rita Reader',
      email: 'reader@example.net',
      url: '',
      html: '<p>Great post!</p>',
      status: 'approved',
      createdAt: new Date('2024-03-10T12:00:00.000Z'),
    });
    expect(byKey('comment', 'comment:c2')).toMatchObject({
      authorName: 'quiet',
      status: 'pending',
      parentKey: 'comment:c1',
    });
    expect(ofKind('skipped')).toContainEqual(
      expect.objectContaining({ key: 'comment:c3', reason: 'its status was "deleted"' }),
    );
  });

  it('yields images under /content/images as attachments when given the uploads folder, else says how', async () => {
    const withUploads = await collect(
      openGhost(fixture('ghost', 'ghost5.json'), options({ uploadsDir: '/tmp/content-images' })),
    );
    const attachments = withUploads.ofKind('attachment');
    expect(attachments.map((a) => [a.url, a.relativePath])).toEqual([
      ['/content/images/2024/03/header.jpg', '2024/03/header.jpg'],
      ['/content/images/2024/03/cat.jpg', '2024/03/cat.jpg'],
      ['/content/images/2024/03/one.jpg', '2024/03/one.jpg'],
      ['/content/images/size/w600/2024/03/two.jpg', '2024/03/two.jpg'],
    ]);
    // Each attachment comes before the post that shows it.
    const order = withUploads.items.map((item) => ('key' in item ? item.key : item.kind));
    expect(order.indexOf('image:/content/images/2024/03/cat.jpg')).toBeLessThan(order.indexOf(CARDS));
    const without = await ghost5();
    expect(without.ofKind('attachment')).toEqual([]);
    expect(without.ofKind('note').map((note) => note.message)).toContainEqual(expect.stringContaining('--uploads-dir'));
  });
});

describe('Ghost 4 export (Mobiledoc)', () => {
  const ghost4 = () => collect(openGhost(fixture('ghost', 'ghost4-mobiledoc.json'), options()));

  it('renders markups, atoms, lists and cards, and reports unknown cards', async () => {
    const { byKey, items } = await ghost4();
    expect(items[0]).toMatchObject({ identity: 'ghost:https://four.example', link: 'https://four.example' });
    const article = byKey('article', 'post:60a1b2c3d4e5f60001000001');
    expect(article.body).toEqual({
      format: 'html',
      html: [
        '<p>Plain, <strong>bold</strong>, <a href="https://example.org/a&#34;b">a link</a><br><em><u>both</u></em></p>',
        '<h2>Section two</h2>',
        '<ul><li>one</li><li>two</li></ul>',
        '<blockquote><p>Quoted</p></blockquote>',
        '<h2>From markdown</h2>\n<ul>\n<li>item</li>\n</ul>\n',
        '<figure><img src="/content/images/2021/05/photo.png" alt="Photo"><figcaption>Caption <em>here</em></figcaption></figure>',
        '<pre><code class="language-ruby">puts &#34;hi&#34;</code></pre>',
        '<figure class="kg-bookmark-card"><p><a href="https://example.com/article">An article</a><br>About things</p></figure>',
        '<figure><p><a href="https://twitter.com/ghost/status/1">https://twitter.com/ghost/status/1</a></p></figure>',
        '<hr>',
        '<figure class="kg-gallery-card"><figure><img src="/content/images/2021/05/g1.jpg" alt="g1"></figure><figcaption>Gallery</figcaption></figure>',
      ].join('\n'),
    });
    expect(article.notes).toEqual(['had a "unsplash-thing" card Folio does not know: left out']);
    // 22:30 UTC on 1 May is 00:30 on 2 May in Berlin: the day the blog showed.
    expect(article.publishedOn).toBe('2021-05-02');
    expect(article.authorKey).toBe('user:1');
  });

  it('imports a post whose body cannot be read as empty, with a note', async () => {
    const article = (await ghost4()).byKey('article', 'post:60a1b2c3d4e5f60001000002');
    expect(article.body).toEqual({ format: 'html', html: '' });
    expect(article.notes?.[0]).toMatch(/^its Mobiledoc body could not be read/);
  });
});

describe('Ghost 0.x export (bare {meta, data})', () => {
  it('reads the page flag, epoch dates, author_id and Markdown-only bodies', async () => {
    const { byKey, items } = await collect(openGhost(fixture('ghost', 'ghost0-bare.json'), options()));
    expect(items[0]).toMatchObject({ identity: 'ghost:title:zero' });
    expect(byKey('article', 'post:1')).toMatchObject({
      body: { format: 'html', html: "<p>You're live! <em>Nice.</em></p>\n" },
      publishedAt: new Date(1388534400000),
      publishedOn: '2014-01-01',
      authorKey: 'user:1',
      termKeys: ['tag:1'],
    });
    expect(byKey('page', 'post:2')).toMatchObject({
      title: 'Colophon',
      body: { format: 'html', html: '<p>Made with Ghost.</p>' },
    });
  });
});

describe('unreadable Ghost exports', () => {
  it('names the line and column of malformed JSON', async () => {
    const error = await readError(() => openGhost(fixture('ghost', 'malformed.json'), options()));
    expect(error).toBeInstanceOf(ImportInputError);
    expect(error).toMatchObject({ line: 10, column: 9 });
    expect(error.message).toMatch(/^line 10, column 9: malformed JSON/);
  });

  it('says a truncated file is truncated, at its end', async () => {
    const error = await readError(() => openGhost(fixture('ghost', 'truncated.json'), options()));
    expect(error).toBeInstanceOf(ImportInputError);
    expect(error.message).toMatch(/truncated/);
  });

  it('refuses JSON that is not a Ghost export', async () => {
    const error = await readError(() => openGhost(fixture('ghost', 'not-ghost.json'), options()));
    expect(error.message).toMatch(/not a Ghost export/);
  });
});
