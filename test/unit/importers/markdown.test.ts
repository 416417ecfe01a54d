import { describe, expect, it } from 'vitest';
import { openMarkdownFolder } from '#app/importers/sources/markdown/index.ts';
import { ImportInputError } from '#app/importers/source.ts';
import { collect, fixture, options, readError } from './collect.ts';

const folder = (name: string) => collect(openMarkdownFolder(fixture('markdown', name), options()));

describe('a Jekyll site', () => {
  it('maps _posts with YAML front matter: zoned dates, categories and tags, author, excerpt, redirect_from', async () => {
    const { items, byKey } = await folder('jekyll');
    expect(items[0]).toEqual({
      kind: 'source',
      identity: 'markdown:https://jekyll.example.com',
      title: 'Jekyll Journal',
      link: 'https://jekyll.example.com',
    });
    const hello = byKey('article', 'file:_posts/2009-05-17-hello-jekyll.md');
    expect(hello).toMatchObject({
      title: 'Hello, Jekyll: «quotes» & colons',
      slug: 'hello-jekyll',
      status: 'published',
      publishedAt: new Date('2009-05-16T22:30:00Z'),
      publishedOn: '2009-05-17',
      updatedAt: new Date('2009-06-01T08:00:00Z'),
      authorKey: 'author:tom-preston-werner',
      termKeys: ['category:jekyll', 'category:update', 'tag:welcome', 'tag:cafe'],
      excerpt: { format: 'source', source: 'The first post.', textFilter: 'markdown' },
      oldAddresses: ['/jekyll/update/2009/05/17/hello-jekyll.html', '/old/hello.html'],
    });
    expect(byKey('author', 'author:tom-preston-werner')).toMatchObject({
      displayName: 'Tom Preston-Werner',
      email: 'tom@example.com',
    });
    expect(byKey('term', 'category:jekyll')).toMatchObject({ taxonomy: 'category', name: 'jekyll' });
  });

  it('converts highlight and raw, resolves site.baseurl images to attachments, and reports the rest', async () => {
    const { byKey, items } = await folder('jekyll');
    const hello = byKey('article', 'file:_posts/2009-05-17-hello-jekyll.md');
    if (hello.body.format !== 'source') throw new Error('expected Markdown source');
    expect(hello.body.textFilter).toBe('markdown');
    expect(hello.body.source).toContain('![A logo](/assets/img/logo.png "Logo")');
    expect(hello.body.source).toContain('```ruby\ndef print_hi(name)\n  puts "Hi, #{name}"\nend\n```');
    expect(hello.body.source).toContain('Liquid shown literally: {{ page.title }} and {% if %}');
    expect(hello.notes).toEqual([
      'has a {% include %} tag Folio cannot run: left as written',
      'has a {% post_url %} tag Folio cannot run: left as written',
      'shows missing.png, which is not in the folder: the link is kept as it was',
    ]);
    const logo = byKey('attachment', 'file:assets/img/logo.png');
    expect(logo).toMatchObject({
      url: '/assets/img/logo.png',
      relativePath: fixture('markdown', 'jekyll', 'assets', 'img', 'logo.png'),
    });
    const keys = items.map((item) => ('key' in item ? item.key : item.kind));
    expect(keys.indexOf('file:assets/img/logo.png')).toBeLessThan(
      keys.indexOf('file:_posts/2009-05-17-hello-jekyll.md'),
    );
  });

  it('reads zone-less dates in the site’s zone, folder categories, permalinks that win, drafts and pages', async () => {
    const { byKey, ofKind } = await folder('jekyll');
    expect(byKey('article', 'file:_posts/2010-01-01-no-zone.markdown')).toMatchObject({
      // 00:30 in Paris is 23:30 UTC the day before; the permalink keeps the 1st.
      publishedAt: new Date('2009-12-31T23:30:00Z'),
      publishedOn: '2010-01-01',
      oldAddresses: ['/notes/2010/01/01/no-zone.html'],
    });
    expect(byKey('article', 'file:blog/_posts/2011-02-03-in-a-folder.md')).toMatchObject({
      termKeys: ['category:blog'],
      oldAddresses: ['/custom/path'],
    });
    expect(byKey('article', 'file:_drafts/unfinished-thoughts.md')).toMatchObject({
      status: 'draft',
      publishedAt: undefined,
      oldAddresses: [],
    });
    expect(byKey('page', 'file:about.md')).toMatchObject({ title: 'About', oldAddresses: ['/about.html'] });
    expect(ofKind('skipped').map((item) => item.key)).toEqual(['file:README.md', 'file:index.md']);
    expect(ofKind('note')).toEqual([{ kind: 'note', message: '2 files that are not Markdown were ignored' }]);
  });

  it('reports progress in files', async () => {
    const { progress } = await folder('jekyll');
    expect(progress.map((step) => step.done)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress.every((step) => step.total === 7 && step.unit === 'files')).toBe(true);
  });
});

describe('a Hugo site', () => {
  it('maps TOML front matter, aliases, shortcodes, static images and the default /posts/slug/ address', async () => {
    const { items, byKey } = await folder('hugo');
    expect(items[0]).toMatchObject({ identity: 'markdown:https://hugo.example.org', title: 'Hugo Home' });
    const first = byKey('article', 'file:content/posts/first-post.md');
    expect(first).toMatchObject({
      title: 'First Post',
      publishedAt: new Date('2021-03-04T13:06:07Z'),
      publishedOn: '2021-03-04',
      authorKey: 'author:steve-francia',
      termKeys: ['category:tech', 'tag:hugo', 'tag:go'],
      excerpt: { source: 'A TOML front matter post' },
      oldAddresses: ['/posts/first-post', '/2021/03/first', '/old-first.html'],
    });
    if (first.body.format !== 'source') throw new Error('expected Markdown source');
    expect(first.body.source).toContain('![A chart](/images/chart.png "A chart")\n*Figure 1*');
    expect(first.body.source).toContain('```go\nfmt.Println("hi")\n```');
    expect(first.body.source).toContain('<https://www.youtube.com/watch?v=dQw4w9WgXcQ>');
    expect(first.notes).toEqual([
      'has a {{< ref >}} tag Folio cannot run: left as written',
      'has a {{< notice >}} tag Folio cannot run: left as written',
    ]);
    expect(byKey('attachment', 'file:static/images/chart.png')).toMatchObject({ url: '/images/chart.png' });
  });

  it('maps page bundles (relative images at the bundle’s address), JSON front matter, section permalinks and pages', async () => {
    const { byKey, ofKind } = await folder('hugo');
    const bundle = byKey('article', 'file:content/posts/bundle-post/index.md');
    expect(bundle).toMatchObject({
      slug: 'bundled',
      status: 'draft',
      body: { source: '![The cover](/posts/bundled/cover.jpg)\n' },
    });
    expect(byKey('attachment', 'file:content/posts/bundle-post/cover.jpg')).toMatchObject({
      url: '/posts/bundled/cover.jpg',
    });
    expect(byKey('article', 'file:content/notes/json-note.md')).toMatchObject({
      title: 'JSON Note',
      termKeys: ['tag:json'],
      oldAddresses: ['/a-json-note'],
    });
    // A wall time read in America/Los_Angeles; [permalinks] notes = "/:year/:month/:title/".
    expect(byKey('article', 'file:content/notes/local-time.md')).toMatchObject({
      publishedAt: new Date('2022-07-02T03:00:00Z'),
      publishedOn: '2022-07-01',
      oldAddresses: ['/2022/07/local-time-note'],
    });
    expect(byKey('page', 'file:content/about.md')).toMatchObject({ oldAddresses: ['/about'] });
    expect(ofKind('skipped').map((item) => item.key)).toEqual([
      'file:content/_index.md',
      'file:content/posts/_index.md',
    ]);
  });
});

describe('a plain folder of Markdown', () => {
  it('takes titles from a leading heading and dates from file names', async () => {
    const { items, byKey, ofKind } = await folder('plain');
    expect(items[0]).toMatchObject({ identity: 'markdown:folder:plain' });
    expect(byKey('article', 'file:2015-06-07-plain-file.md')).toMatchObject({
      title: 'Just Markdown',
      slug: 'plain-file',
      body: { source: 'No front matter at all.\n' },
      publishedOn: '2015-06-07',
    });
    expect(ofKind('note')).toEqual([{ kind: 'note', message: '1 file that is not Markdown was ignored' }]);
  });
});

describe('unreadable folders', () => {
  const error = (name: string) => readError(() => openMarkdownFolder(fixture('markdown', name), options()));

  it('names the file and line of broken YAML front matter', async () => {
    const found = await error('broken-yaml');
    expect(found).toBeInstanceOf(ImportInputError);
    expect(found).toMatchObject({ line: 4, column: 1 });
    expect(found.message).toMatch(/^line 4, column 1: _posts\/2020-01-02-broken.md: broken YAML front matter: /);
  });

  it('names the file and line of broken TOML front matter', async () => {
    const found = await error('broken-toml');
    expect(found.message).toBe('line 3, column 7: content/posts/bad.md: broken TOML front matter: invalid value');
  });

  it('refuses a path that is not a folder', async () => {
    expect((await error('missing-folder')).message).toMatch(/is not a folder/);
  });
});
