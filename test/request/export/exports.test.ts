import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { extract, list } from 'tar';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import { seedBlog, type SeededBlog } from '#test/request/export/seeded-blog.ts';
import { loadThemes } from '#app/themes/registry.ts';
import { exportContext } from '#app/exporters/context.ts';
import { writeExport, type ExportFormat } from '#app/exporters/index.ts';
import type { FolioManifest } from '#app/exporters/folio/format.ts';

describe('exporting the blog', () => {
  let t: TestApp;
  let blog: SeededBlog;
  let admin: SignedInAgent;
  let scratch: string;

  /** The export as the CLI and the admin write it. */
  async function exported(format: ExportFormat): Promise<Buffer> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeExport(format, out, await exportContext(t.config, loadThemes()));
    out.end();
    return Buffer.concat(chunks);
  }

  async function unpacked(archive: Buffer): Promise<string> {
    const dir = mkdtempSync(path.join(scratch, 'unpacked-'));
    const file = path.join(dir, 'archive.tar.gz');
    writeFileSync(file, archive);
    await extract({ file, cwd: dir });
    return dir;
  }

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'folio-export-test-'));
    t = await startTestApp();
    blog = await seedBlog(t.config);
    admin = await signedInAgent(t.app, 'ada');
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await t.close();
  });

  describe('wxr', () => {
    let xml: string;
    let channel: Record<string, unknown>;
    let items: Record<string, unknown>[];
    beforeAll(async () => {
      xml = (await exported('wxr')).toString('utf8');
      const parsed = new XMLParser({ ignoreAttributes: false, cdataPropName: false, parseTagValue: false }).parse(
        xml,
      ) as { rss: { channel: Record<string, unknown> } };
      channel = parsed.rss.channel;
      items = channel.item as Record<string, unknown>[];
    });

    it('is well-formed WXR 1.2 with the namespaces WordPress writes, and no character XML forbids', () => {
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8" \?>/);
      for (const ns of [
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"',
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/"',
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        'xmlns:wp="http://wordpress.org/export/1.2/"',
      ])
        expect(xml).toContain(ns);
      expect(channel['wp:wxr_version']).toBe('1.2');
      expect(channel['wp:base_site_url']).toBe('http://blog.test');
      expect(channel['wp:base_blog_url']).toBe('http://blog.test');
      expect(channel.title).toBe('Engines & Notes');
      expect(xml).not.toContain('\u0007');
    });

    it('lists authors, sections as categories and tags', () => {
      const authors = channel['wp:author'] as Record<string, unknown>[];
      expect(authors.map((a) => a['wp:author_login'])).toEqual(['ada', 'grace']);
      expect(JSON.stringify(channel)).not.toMatch(/passwordHash|scrypt/);
      const categories = channel['wp:category'] as Record<string, unknown>[];
      expect(categories.map((c) => c['wp:category_nicename'])).toEqual(['essays', 'short-notes', 'about-us']);
      const tags = channel['wp:tag'] as Record<string, unknown>[];
      expect(tags.map((c) => c['wp:tag_slug']).sort()).toEqual([
        'drafts',
        'engines',
        'history',
        'typography',
        'weekly',
      ]);
    });

    it('has an item per article, page and upload, with statuses, dates, categories and comments', () => {
      const byType = (type: string) => items.filter((i) => i['wp:post_type'] === type);
      expect(byType('post')).toHaveLength(9);
      expect(byType('page').map((p) => p['wp:post_name'])).toEqual(['about', 'colophon']);
      const [attachment] = byType('attachment');
      expect(attachment!['wp:attachment_url']).toBe(`http://blog.test/uploads/${blog.upload.storedName}`);

      const first = items.find((i) => i['wp:post_id'] === String(blog.published[0]!.id))!;
      expect(first.link).toBe('http://blog.test/2024/01/01/notes-on-the-analytical-engine');
      expect(first['wp:post_date']).toBe('2024-01-01 00:30:00');
      expect(first['wp:post_date_gmt']).toBe('2023-12-31 23:30:00');
      expect(first.pubDate).toBe('Sun, 31 Dec 2023 23:30:00 +0000');
      expect(first['dc:creator']).toBe('ada');
      expect(first.guid).toMatchObject({
        '#text': `http://blog.test/?p=${blog.published[0]!.id}`,
        '@_isPermaLink': 'false',
      });
      expect(first['wp:status']).toBe('publish');
      expect(first['content:encoded']).toContain(`src="http://blog.test/uploads/`);
      expect(first['excerpt:encoded']).toBe('<p>Weaving <em>algebraic</em> patterns.</p>\n');
      expect(first.category).toEqual([
        { '#text': 'Essays', '@_domain': 'category', '@_nicename': 'essays' },
        { '#text': 'engines', '@_domain': 'post_tag', '@_nicename': 'engines' },
        { '#text': 'history', '@_domain': 'post_tag', '@_nicename': 'history' },
      ]);
      const comments = first['wp:comment'] as Record<string, unknown>[];
      expect(comments.map((c) => [c['wp:comment_author'], c['wp:comment_approved'], c['wp:comment_type']])).toEqual([
        ['Charles', '1', 'comment'],
        ['Mary', '1', 'comment'],
        ['Waiting', '0', 'comment'],
      ]);
      expect(items.find((i) => i['wp:post_id'] === String(blog.scheduled.id))!['wp:status']).toBe('future');
      const draft = items.find((i) => i['wp:post_id'] === String(blog.draft.id))!;
      expect(draft['wp:status']).toBe('draft');
      expect(draft['wp:post_date_gmt']).toBe('0000-00-00 00:00:00');
      const closed = items.find((i) => i.title === 'Raw HTML')!;
      expect(closed['wp:comment_status']).toBe('closed');
    });

    it('splits a CDATA terminator across sections and strips forbidden characters', () => {
      expect(xml).toContain('<wp:comment_author><![CDATA[Mr ]]]]><![CDATA[> Markup]]></wp:comment_author>');
      const second = items.find((i) => i['wp:post_id'] === String(blog.published[1]!.id))!;
      const comments = second['wp:comment'] as Record<string, unknown>[];
      expect(comments.map((c) => c['wp:comment_approved'])).toEqual(['spam', '1']);
      expect(comments[1]!['wp:comment_author']).toBe('Mr ]]> Markup');
      expect(comments[1]!['wp:comment_content']).toBe('<p>Bell rings.</p>\n');
    });
  });

  describe('markdown', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await unpacked(await exported('markdown'));
    });
    const frontMatter = (file: string) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${file} has no front matter`);
      return { data: parseYaml(match[1]!) as Record<string, unknown>, body: match[2]! };
    };

    it('writes one file per article, named by day and slug, with front matter YAML reads', () => {
      const posts = readdirSync(path.join(dir, 'posts')).sort();
      expect(posts).toHaveLength(9);
      expect(posts).toContain('2024-01-01-notes-on-the-analytical-engine.md');
      const { data, body } = frontMatter('posts/2024-01-01-notes-on-the-analytical-engine.md');
      expect(data).toMatchObject({
        title: 'Notes on the Analytical Engine',
        date: '2024-01-01T00:30:00+01:00',
        slug: 'notes-on-the-analytical-engine',
        tags: ['engines', 'history'],
        section: 'Essays',
        draft: false,
        excerpt: 'Weaving *algebraic* patterns.',
        permalink: '/2024/01/01/notes-on-the-analytical-engine',
      });
      expect(body).toContain('The engine weaves patterns.');
      expect(body).toContain(`/uploads/${blog.upload.storedName.replace(/\.png$/, '')}`);
    });

    it('keeps HTML bodies as HTML, marks drafts and scheduled articles, and writes pages and uploads', () => {
      const raw = readdirSync(path.join(dir, 'posts')).find((f) => f.endsWith('raw-html.md'))!;
      expect(frontMatter(`posts/${raw}`).body).toContain('<strong>HTML</strong>');
      const draft = readdirSync(path.join(dir, 'posts')).find((f) => f.endsWith('unfinished.md'))!;
      expect(frontMatter(`posts/${draft}`).data).toMatchObject({ draft: true });
      expect(frontMatter(`posts/${draft}`).data).not.toHaveProperty('permalink');
      const soon = readdirSync(path.join(dir, 'posts')).find((f) => f.endsWith('coming-soon.md'))!;
      expect(frontMatter(`posts/${soon}`).data).toMatchObject({ draft: false, scheduled: true });
      expect(readdirSync(path.join(dir, 'pages')).sort()).toEqual(['about.md', 'colophon.md']);
      expect(frontMatter('pages/about.md').data).toMatchObject({ title: 'About', permalink: '/pages/about' });
      expect(readFileSync(path.join(dir, 'uploads', ...blog.upload.storedName.split('/'))).length).toBeGreaterThan(0);
    });
  });

  describe('folio', () => {
    let dir: string;
    let entries: string[];
    beforeAll(async () => {
      const archive = await exported('folio');
      const file = path.join(scratch, 'folio.tar.gz');
      writeFileSync(file, archive);
      entries = [];
      await list({ file, onReadEntry: (entry) => entries.push(entry.path) });
      dir = await unpacked(archive);
    });
    const records = (kind: string) =>
      readFileSync(path.join(dir, 'records', `${kind}.ndjson`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    it('holds every record as NDJSON, the uploads, the theme and a manifest with counts', () => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as FolioManifest;
      expect(manifest).toMatchObject({
        format: 'folio-archive',
        formatVersion: 1,
        baseUrl: 'http://blog.test',
        blogTitle: 'Engines & Notes',
        theme: 'default',
        counts: {
          users: 2,
          sections: 3,
          tags: 5,
          pages: 2,
          assets: 1,
          articles: 9,
          comments: 6,
          redirects: 1,
          settings: 1,
        },
      });
      expect(['sqlite', 'postgresql']).toContain(manifest.database);
      expect(entries).toContain(`uploads/${blog.upload.storedName}`);
      expect(entries).toContain(`uploads/${blog.upload.storedName.replace('.png', '-thumb.png')}`);
      expect(entries).toContain('theme/default/theme.json');
      expect(entries).toContain('manifest.json');
    });

    it('keeps ids, revisions, taggings and comment kinds, and never a password hash', () => {
      const [first] = records('articles');
      expect(first).toMatchObject({
        id: blog.published[0]!.id,
        status: 'published',
        publishedOn: '2024-01-01',
      });
      expect((first!.tagIds as number[]).length).toBe(2);
      expect((first!.revisions as unknown[]).length).toBe(2);
      expect(records('comments').map((c) => c.kind)).toEqual(Array<string>(6).fill('comment'));
      expect(records('users').flatMap((u) => Object.keys(u))).not.toContain('passwordHash');
      expect(readFileSync(path.join(dir, 'records', 'users.ndjson'), 'utf8')).not.toMatch(/scrypt|passwordHash/);
      expect(records('redirects')[0]).toMatchObject({ fromPath: '/old/about', toUrl: '/pages/about' });
      const statuses = Object.fromEntries(records('articles').map((a) => [String(a.title), String(a.status)]));
      expect(statuses).toMatchObject({ 'Coming soon': 'scheduled', Unfinished: 'draft' });
    });
  });

  describe('the admin’s Download everything', () => {
    it('is for administrators only', async () => {
      await request(t.app).get('/admin/export').expect(303);
      await request(t.app).get('/admin/export/download?format=wxr').expect(303);
      const author = await signedInAgent(t.app, 'grace');
      await author.get('/admin/export', 403);
      await author.get('/admin/export/download?format=wxr', 403);
    });

    it('shows the formats and the button, in the navigation', async () => {
      const page = await admin.get('/admin/export');
      expect(page.text).toContain('action="/admin/export/download"');
      expect(page.text).toContain('Download everything');
      expect(page.text).toMatch(/<a href="\/admin\/export" class="current">Export<\/a>/);
    });

    const download = (path: string) =>
      admin.agent
        .get(path)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });

    it('streams the file as an attachment named after the blog, the format and the day', async () => {
      const day = new Date().toISOString().slice(0, 10);
      const res = await download('/admin/export/download?format=wxr').expect(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="blog.test-wordpress-${day}.xml"`);
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(XMLValidator.validate((res.body as Buffer).toString('utf8'))).toBe(true);

      const folio = await download('/admin/export/download').expect(200);
      expect(folio.headers['content-disposition']).toBe(`attachment; filename="blog.test-folio-${day}.tar.gz"`);
      expect((folio.body as Buffer).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    });

    it('answers an unknown format with 400 and a message', async () => {
      const res = await admin.get('/admin/export/download?format=zip', 400);
      expect(res.text).toContain('Choose an export format: folio, wxr or markdown.');
    });
  });
});
