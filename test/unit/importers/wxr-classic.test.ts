import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportInputError, type SourceItem } from '#app/importers/source.ts';
import { byKey, readWxr } from '#test/unit/importers/wxr-support.ts';

describe('WXR 1.1 from WordPress 3.x (classic editor)', () => {
  let items: SourceItem[];
  let html: string;
  beforeAll(async () => {
    items = await readWxr('wp3-classic.xml');
    const post = byKey(items, 'article', 'post:100');
    html = post.body.format === 'html' ? post.body.html : '';
  });

  it('adds paragraphs and line breaks as wpautop does, and reads split CDATA whole', () => {
    expect(html).toMatch(
      /^<p>First paragraph of a classic post, with a line<br \/>\nbreak inside and an &amp; entity.<\/p>/,
    );
    expect(html).toContain('<p>Second paragraph with <em>emphasis</em> and a CDATA end marker: ]]> in the text.</p>');
    expect(html).toContain('<pre>Preformatted\n   stays as is</pre>');
  });

  it('turns both caption styles into figures', () => {
    expect(html).toContain(
      '<figure class="wp-caption alignright"><a href="http://classic.example.org/wp-content/uploads/2011/03/garden.jpg"><img class="size-medium wp-image-201"',
    );
    expect(html).toContain('<figcaption>Old-style caption</figcaption></figure>');
    expect(html).toContain(
      'alt="Roses" width="48" height="48" /><figcaption>New-style caption with <em>markup</em></figcaption></figure>',
    );
    expect(html).not.toMatch(/<p>\s*<figure/);
  });

  it('shows a gallery of attached images listed later in the file', () => {
    expect(html).toContain(
      '<div class="gallery"><figure class="gallery-item"><a href="http://classic.example.org/wp-content/uploads/2011/03/garden.jpg">',
    );
    expect(html).toContain('alt="roses" /></a><figcaption>Red roses</figcaption></figure></div>');
  });

  it('links embeds, videos, audio and bare URLs', () => {
    for (const url of [
      'http://www.youtube.com/watch?v=abc123',
      'http://vimeo.com/12345',
      'http://classic.example.org/wp-content/uploads/2011/03/clip.mp4',
      'http://classic.example.org/wp-content/uploads/2011/03/song.mp3',
    ]) {
      expect(html).toContain(`<p><a href="${url}">${url}</a></p>`);
    }
  });

  it('turns code shortcodes into escaped <pre><code>, untouched by wpautop', () => {
    expect(html).toContain(
      '<pre><code class="language-php">&lt;?php\necho "a &lt; b &amp;&amp; c";\n\necho \'done\';\n?&gt;</code></pre>',
    );
    expect(html).toContain('<pre><code>plain &lt;escaped&gt; code</code></pre>');
    expect(html).toContain('<pre><code class="language-python">print("hi")</code></pre>');
  });

  it('leaves unknown shortcodes as text and reports each, and unescapes [[gallery]]', () => {
    expect(html).toContain('<p>[contact-form-7 id="5" title="Contact form 1"]</p>');
    expect(html).toContain('<p>Write [gallery] to show a gallery.</p>');
    const notes = items.filter((item) => item.kind === 'note').map((item) => item.message);
    expect(notes).toContain(
      '"Spring in the garden": unknown shortcode [contact-form-7] left as text (WordPress plugins expanded it; Folio cannot)',
    );
    expect(notes.filter((note) => note.startsWith('"Tom & Jerry’s day"'))).toHaveLength(3);
  });

  it('keeps threads three deep and reads a blog at the root', () => {
    expect(byKey(items, 'comment', 'comment:302').parentKey).toBe('comment:301');
    expect(byKey(items, 'comment', 'comment:301').parentKey).toBe('comment:300');
    expect(byKey(items, 'comment', 'comment:300').html).toBe('<p>Lovely!</p>\n<p>Two paragraphs.</p>');
    const post = byKey(items, 'article', 'post:100');
    expect(post.oldAddresses).toContain('/2011/03/spring-in-the-garden/');
    expect(post.oldAddresses).toContain('/?p=100');
    expect(post).toMatchObject({ publishedAt: new Date('2011-03-15T14:30:00Z'), publishedOn: '2011-03-15' });
    expect(byKey(items, 'term', 'category:roses').oldAddresses).toContain('/category/plants/roses/');
  });

  it('finds an attachment by its URL when it has no _wp_attached_file', () => {
    expect(byKey(items, 'attachment', 'attachment:202').relativePath).toBe('2011/03/roses.png');
  });
});

describe('WXR 1.0 from WordPress 2.x', () => {
  let items: SourceItem[];
  beforeAll(async () => {
    items = await readWxr('wp2-legacy.xml');
  });

  it('reads ISO-8859-1 and HTML entities outside CDATA, with the channel link as identity', () => {
    expect(items[0]).toMatchObject({ identity: 'wordpress:http://www.oldblog.example/weblog', title: 'Überblog' });
    const post = byKey(items, 'article', 'post:7');
    expect(post.title).toBe('München\u00a0im Frühling – Teil 1');
    expect(post.body).toEqual({
      format: 'html',
      html: '<p>Servus aus München!</p>\n<p>Das Wetter ist schön.<!--more--></p>\n<p>Mehr später.</p>',
    });
    expect(byKey(items, 'comment', 'comment:12')).toMatchObject({ html: '<p>Grüße!</p>', commentKind: 'comment' });
  });

  it('creates authors and terms only named on items, each once, before the post', () => {
    const post = byKey(items, 'article', 'post:7');
    expect(post.termKeys).toEqual(['category:allgemein', 'category:reisen', 'tag:bier']);
    expect(items.filter((item) => item.kind === 'term').map((item) => item.key)).toEqual([
      'category:allgemein',
      'tag:bier',
      'category:reisen',
    ]);
    expect(byKey(items, 'author', 'user:hans')).toMatchObject({ login: 'hans', displayName: 'hans' });
    const kinds = items.map((item) => item.kind);
    expect(kinds.indexOf('author')).toBeLessThan(kinds.indexOf('article'));
  });

  it('remembers index.php permalinks both ways', () => {
    const addresses = byKey(items, 'article', 'post:7').oldAddresses;
    expect(addresses).toContain('/weblog/index.php/2007/04/12/munchen-im-fruhling/');
    expect(addresses).toContain('/weblog/2007/04/12/munchen-im-fruhling/');
    expect(addresses).toContain('/weblog/?p=7');
  });
});

describe('WXR input errors', () => {
  async function failure(file: string): Promise<ImportInputError> {
    const error: unknown = await readWxr(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ImportInputError)) throw new Error(`expected ImportInputError, got ${String(error)}`);
    return error;
  }

  it('names the line of malformed XML', async () => {
    const error = await failure('malformed.xml');
    expect(error.line).toBe(161);
    expect(error.message).toMatch(/^line 161, column \d+: the file is not well-formed XML \(Unexpected close tag\)/);
  });

  it('says a truncated file is cut short, where', async () => {
    const error = await failure('truncated.xml');
    expect(error.line).toBe(84);
    expect(error.message).toMatch(/ends inside <wp:post_name> before <\/rss>: it looks cut short/);
  });

  it('tells an RSS feed, an Atom feed and JSON from a WordPress export', async () => {
    expect((await failure('not-wxr-feed.xml')).message).toMatch(
      /^line 2, column \d+: this is an RSS feed, not a WordPress export/,
    );
    const dir = tmpdir();
    const atom = join(dir, `folio-wxr-atom-${process.pid}.xml`);
    await writeFile(atom, '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>\n');
    expect((await failure(atom)).message).toMatch(/root element is <feed> \(an Atom feed/);
    const json = join(dir, `folio-wxr-json-${process.pid}.json`);
    await writeFile(json, '{"db":[{"meta":{}}]}\n');
    expect((await failure(json)).message).toMatch(/^line 1, column 1: the file is not well-formed XML/);
    const empty = join(dir, `folio-wxr-empty-${process.pid}.xml`);
    await writeFile(empty, '');
    expect((await failure(empty)).message).toMatch(/empty/);
  });
});
