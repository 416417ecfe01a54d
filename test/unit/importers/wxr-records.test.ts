import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceItem } from '#app/importers/source.ts';
import { byKey, readWxr } from '#test/unit/importers/wxr-support.ts';

describe('WXR 1.2 from WordPress 6 (block editor)', () => {
  let items: SourceItem[];
  beforeAll(async () => {
    items = await readWxr('wp6-gutenberg.xml');
  });

  it('starts with the site, then the old feeds under the blog path', () => {
    expect(items[0]).toEqual({
      kind: 'source',
      identity: 'wordpress:https://old.example.com/blog',
      title: 'Café Ünïcode ☕ Blog',
      link: 'https://old.example.com/blog',
    });
    const feeds = items.filter((item) => item.kind === 'redirect');
    expect(feeds).toContainEqual(expect.objectContaining({ from: '/blog/feed/', to: { type: 'feed' } }));
    expect(feeds).toContainEqual(expect.objectContaining({ from: '/blog/?feed=rss2', to: { type: 'feed' } }));
    expect(feeds).toContainEqual(expect.objectContaining({ from: '/blog/feed/atom/', to: { type: 'feed' } }));
    expect(feeds).toContainEqual(expect.objectContaining({ from: '/blog/rss/', to: { type: 'feed' } }));
    expect(feeds).toContainEqual(
      expect.objectContaining({ from: '/blog/comments/feed/', to: { type: 'comments-feed' } }),
    );
  });

  it('maps authors with their old author pages', () => {
    expect(byKey(items, 'author', 'user:juergen')).toEqual({
      kind: 'author',
      key: 'user:juergen',
      login: 'juergen',
      displayName: 'Jürgen Müller',
      email: 'juergen@old.example.com',
      oldAddresses: ['/blog/author/juergen/', '/blog/?author=2'],
    });
  });

  it('maps nested categories (percent-encoded nicenames decoded) and tags, and skips menus', () => {
    expect(byKey(items, 'term', 'category:travel')).toMatchObject({ name: 'Travel & Food', taxonomy: 'category' });
    const japanese = byKey(items, 'term', 'category:日本語');
    expect(japanese).toMatchObject({ name: '日本語', slug: '日本語', parentKey: 'category:japan' });
    expect(japanese.oldAddresses).toContain('/blog/category/travel/japan/%e6%97%a5%e6%9c%ac%e8%aa%9e/');
    expect(japanese.oldAddresses).toContain('/blog/?cat=4');
    expect(byKey(items, 'term', 'category:japan').parentKey).toBe('category:travel');
    expect(byKey(items, 'term', 'tag:🎉-party')).toMatchObject({ name: '🎉 Party', slug: '🎉-party', taxonomy: 'tag' });
    expect(byKey(items, 'term', 'tag:cats').oldAddresses).toEqual([
      '/blog/tag/cats/',
      '/blog/tag/cats/feed/',
      '/blog/?tag=cats',
    ]);
    expect(byKey(items, 'skipped', 'term:nav_menu:main-menu').reason).toMatch(/navigation menus/);
  });

  it('keeps block HTML, drops block comments, inlines reusable blocks and galleries, links embeds', () => {
    const post = byKey(items, 'article', 'post:10');
    if (post.body.format !== 'html') throw new Error('html body expected');
    const html = post.body.html;
    expect(html).not.toMatch(/wp:/);
    expect(html).toContain('<p>First line of a <strong>block</strong> post.\nStill the same paragraph');
    expect(html).not.toContain('<br />\nStill'); // no wpautop inside blocks
    expect(html).toContain('<h3 class="wp-block-heading">Fünf Minuten</h3>');
    expect(html).toContain('<p>Left column</p>');
    expect(html).toContain('<hr />');
    expect(html).toContain('<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">');
    expect(html).toContain('<p>— Ada, from the reusable block</p>');
    expect(html).toContain('<div class="gallery">');
    expect(html).toContain(
      '<img src="https://old.example.com/blog/wp-content/uploads/2023/04/harbour.jpg" alt="Hafen" />',
    );
    expect(html).toContain('<figcaption>A kitten in the sun</figcaption>');
    expect(html).toContain('<li>Ein Punkt</li>');
    expect(items).toContainEqual({
      kind: 'note',
      key: 'post:10',
      message: expect.stringMatching(/dynamic block "core\/latest-posts"/) as string,
    });
  });

  it('maps a published sticky post: dates, the local day, terms, author, notes, excerpt', () => {
    const post = byKey(items, 'article', 'post:10');
    expect(post).toMatchObject({
      title: 'Hello Gutenberg',
      slug: 'hello-gutenberg',
      status: 'published',
      publishedAt: new Date('2023-04-04T22:30:00Z'),
      publishedOn: '2023-04-05',
      updatedAt: new Date('2023-04-06T08:00:00Z'),
      authorKey: 'user:ada',
      termKeys: ['category:japan', 'tag:cats'],
      allowComments: true,
      excerpt: { format: 'html', html: '<p>A short excerpt.</p>' },
    });
    expect(post.notes).toEqual([
      'had the post format "aside"',
      'was sticky (kept at the top of the blog): Folio has no sticky posts',
      'had a featured image (attachment 20): imported as an upload, not shown with the article',
    ]);
  });

  it('remembers every old address of a post', () => {
    const addresses = byKey(items, 'article', 'post:10').oldAddresses;
    for (const address of [
      '/blog/2023/04/05/hello-gutenberg/',
      '/blog/?p=10',
      '/blog/index.php/2023/04/05/hello-gutenberg/',
      '/blog/2023/04/05/hello-gutenberg/feed/',
      '/blog/2023/04/hello-gutenberg/',
      '/blog/hello-gutenberg/',
      '/blog/archives/10',
      '/blog/index.php/archives/10',
    ]) {
      expect(addresses).toContain(address);
    }
  });

  it('maps each status', () => {
    expect(byKey(items, 'article', 'post:11')).toMatchObject({
      status: 'scheduled',
      publishedAt: new Date('2030-01-01T07:00:00Z'),
      publishedOn: '2030-01-01',
    });
    const draft = byKey(items, 'article', 'post:12');
    expect(draft).toMatchObject({ status: 'draft', slug: 'a-draft-never-saved-twice' });
    expect(draft.publishedAt).toBeUndefined();
    expect(draft.body).toEqual({ format: 'html', html: '<p>Draft body</p>\n<p>second paragraph</p>' });
    expect(byKey(items, 'article', 'post:13')).toMatchObject({
      status: 'draft',
      notes: [expect.stringMatching(/pending review/)],
    });
    expect(byKey(items, 'article', 'post:14')).toMatchObject({
      status: 'draft',
      notes: [expect.stringMatching(/was private/)],
    });
    expect(byKey(items, 'article', 'post:15')).toMatchObject({
      status: 'draft',
      notes: [expect.stringMatching(/password-protected/)],
    });
    expect(byKey(items, 'skipped', 'post:16')).toMatchObject({ reason: 'in the trash', title: 'Thrown away' });
    expect(byKey(items, 'skipped', 'comment:120').reason).toMatch(/not imported/);
  });

  it('decodes entities and percent-encoded slugs, keeps non-ASCII, and yields terms only named on items first', () => {
    const index = items.findIndex((item) => item.kind === 'article' && item.key === 'post:17');
    const post = byKey(items, 'article', 'post:17');
    expect(post.title).toBe('Café & Crème — こんにちは 🎉');
    expect(post.slug).toBe('こんにちは');
    expect(post.allowComments).toBe(false);
    expect(post.termKeys).toEqual(['category:日本語', 'tag:🎉-party', 'tag:only-on-items']);
    const termIndex = items.findIndex((item) => item.kind === 'term' && item.key === 'tag:only-on-items');
    expect(termIndex).toBeGreaterThan(0);
    expect(termIndex).toBeLessThan(index);
  });

  it('maps pages, and skips comments on pages', () => {
    expect(byKey(items, 'page', 'page:30')).toMatchObject({
      title: 'About',
      slug: 'about',
      status: 'published',
      body: { format: 'html', html: '<p>About this blog.</p>' },
      oldAddresses: ['/blog/about/', '/blog/?page_id=30', '/blog/index.php/about/'],
    });
    expect(byKey(items, 'page', 'page:31').status).toBe('draft');
    expect(byKey(items, 'skipped', 'comment:130').reason).toMatch(/pages take no comments/);
  });

  it('maps attachments with their uploads path and old file addresses, resized copies included', () => {
    expect(byKey(items, 'attachment', 'attachment:20')).toMatchObject({
      url: 'https://old.example.com/blog/wp-content/uploads/2023/04/kitten.png',
      relativePath: '2023/04/kitten.png',
      title: 'kitten',
      uploaderKey: 'user:ada',
    });
    const addresses = byKey(items, 'attachment', 'attachment:20').oldAddresses;
    expect(addresses).toContain('/blog/?attachment_id=20');
    expect(addresses).toContain('/blog/2023/04/05/hello-gutenberg/kitten/');
    expect(addresses).toContain('/blog/wp-content/uploads/2023/04/kitten.png');
    expect(addresses).toContain('/blog/wp-content/uploads/2023/04/kitten-150x150.png');
    expect(byKey(items, 'attachment', 'attachment:22').relativePath).toBe('2023/04/missing.png');
  });

  it('skips what Folio has no place for, with a reason', () => {
    expect(byKey(items, 'skipped', 'nav_menu_item:40').reason).toMatch(/menu/);
    expect(byKey(items, 'skipped', 'revision:41').reason).toMatch(/revision/);
    expect(byKey(items, 'skipped', 'wp_template:42').reason).toMatch(/template/);
    expect(byKey(items, 'skipped', 'product:43').reason).toMatch(/custom post type "product"/);
    expect(byKey(items, 'skipped', 'wp_block:60').reason).toMatch(/reusable block/);
  });

  it('maps comments of each kind and status, threaded, after their article', () => {
    const articleIndex = items.findIndex((item) => item.kind === 'article' && item.key === 'post:10');
    const first = items.findIndex((item) => item.kind === 'comment' && item.key === 'comment:100');
    expect(first).toBeGreaterThan(articleIndex);
    expect(byKey(items, 'comment', 'comment:100')).toEqual({
      kind: 'comment',
      key: 'comment:100',
      articleKey: 'post:10',
      commentKind: 'comment',
      authorName: '山田太郎',
      email: 'taro@example.jp',
      url: 'https://taro.example.jp',
      html: '<p>素晴らしい記事です！<br />\nありがとう 🎉</p>',
      status: 'approved',
      createdAt: new Date('2023-04-05T07:00:00Z'),
      ip: '203.0.113.7',
    });
    expect(byKey(items, 'comment', 'comment:101')).toMatchObject({
      parentKey: 'comment:100',
      html: '<p>Schöne Grüße &amp; danke!</p>',
    });
    expect(byKey(items, 'comment', 'comment:102').status).toBe('pending');
    expect(byKey(items, 'comment', 'comment:103').status).toBe('spam');
    expect(byKey(items, 'comment', 'comment:104')).toMatchObject({
      commentKind: 'pingback',
      authorName: 'Another Blog » Linking here',
    });
    expect(byKey(items, 'comment', 'comment:105').commentKind).toBe('trackback');
    expect(byKey(items, 'skipped', 'comment:106').reason).toBe('in the trash');
  });

  it('drops pingbacks and trackbacks when asked, reporting each', async () => {
    const dropped = await readWxr('wp6-gutenberg.xml', { pings: 'drop' });
    expect(dropped.some((item) => item.kind === 'comment' && item.commentKind !== 'comment')).toBe(false);
    expect(byKey(dropped, 'skipped', 'comment:104')).toMatchObject({
      what: 'pingback',
      reason: expect.stringMatching(/dropped/) as string,
    });
    expect(byKey(dropped, 'skipped', 'comment:105').what).toBe('trackback');
  });
});
