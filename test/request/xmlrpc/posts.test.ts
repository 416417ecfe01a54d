import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import * as cast from '#test/fixtures/cast.ts';
import { changeSettings, createArticle, createPage, createSection } from '#test/fixtures/factories.ts';
import { db, type Section, type User } from '#app/models/db.ts';
import { appPasswordFor, answerOf, call, post, value } from '#test/request/xmlrpc/client.ts';

type Struct = Record<string, unknown>;

describe('XML-RPC posts: MetaWeblog, Blogger and WordPress through the editor’s models', () => {
  let t: TestApp;
  let ada: User;
  let grace: User;
  let adaPassword: string;
  let gracePassword: string;
  let notes: Section;
  const asGrace = () => ['grace', gracePassword] as const;
  const article = (id: unknown) =>
    db.article.findUniqueOrThrow({ where: { id: Number(id) }, include: { taggings: { include: { tag: true } } } });
  beforeAll(async () => {
    t = await startTestApp();
    ada = await cast.ada();
    grace = await cast.grace();
    adaPassword = await appPasswordFor(ada);
    gracePassword = await appPasswordFor(grace);
    notes = await createSection({ name: 'Field notes', slug: 'notes' });
    await changeSettings({ timeZone: 'Europe/Paris' });
  });
  afterAll(() => t.close());

  it('metaWeblog.newPost publishes HTML with tags, a section, an excerpt and the more text, sanitised', async () => {
    const id = await value(
      t.app,
      'metaWeblog.newPost',
      '1',
      ...asGrace(),
      {
        title: 'From the desk',
        description: '<p>Hello <em>world</em></p><script>alert(1)</script><img src="x" onerror="alert(2)">',
        mt_text_more: '<p>And more.</p>',
        mt_excerpt: 'A <strong>short</strong> one',
        mt_keywords: 'Ruby, desk notes',
        categories: ['No such category', 'field notes'],
        mt_allow_comments: 0,
        wp_slug: 'desk',
      },
      true,
    );
    expect(id).toMatch(/^\d+$/);
    const saved = await article(id);
    expect(saved).toMatchObject({
      title: 'From the desk',
      textFilter: 'none',
      state: 'published',
      slug: 'desk',
      sectionId: notes.id,
      allowComments: false,
      authorId: grace.id,
    });
    expect(saved.bodyHtml).toContain('<em>world</em>');
    expect(saved.bodyHtml).toContain('And more.');
    expect(saved.bodyHtml).not.toMatch(/script|onerror|alert/);
    expect(saved.excerptHtml).toBe('A <strong>short</strong> one');
    expect(saved.taggings.map((g) => g.tag.name).sort()).toEqual(['Ruby', 'desk notes']);
    expect(await db.revision.count({ where: { articleId: saved.id, authorId: grace.id } })).toBe(1);
    // Readers see it at the permalink the client is told.
    const got = (await value(t.app, 'metaWeblog.getPost', id, ...asGrace())) as Struct;
    expect(got).toMatchObject({
      postid: id,
      title: 'From the desk',
      categories: ['Field notes'],
      mt_keywords: 'Ruby, desk notes',
      mt_allow_comments: 0,
      wp_slug: 'desk',
      post_status: 'publish',
      userid: String(grace.id),
    });
    const permalink = String(got.permaLink);
    expect(permalink.startsWith(`${testBaseUrl}/`)).toBe(true);
    const page = await request(t.app).get(permalink.slice(testBaseUrl.length));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<em>world</em>');
    expect(page.text).not.toContain('alert(1)');
  });

  it('reads a zoneless dateCreated in the blog’s time zone, and a future one schedules', async () => {
    const xml = (date: string, title: string) =>
      `<?xml version="1.0"?><methodCall><methodName>metaWeblog.newPost</methodName><params>
<param><value>1</value></param><param><value>grace</value></param><param><value>${gracePassword}</value></param>
<param><value><struct><member><name>title</name><value>${title}</value></member>
<member><name>description</name><value>Dated.</value></member>
<member><name>dateCreated</name><value><dateTime.iso8601>${date}</dateTime.iso8601></value></member></struct></value></param>
<param><value><boolean>1</boolean></value></param></params></methodCall>`;
    const past = await answerOf(await post(t.app, xml('20250607T10:00:00', 'Backdated')));
    if (!('value' in past)) throw new Error(JSON.stringify(past));
    expect((await article(past.value)).publishedAt?.toISOString()).toBe('2025-06-07T08:00:00.000Z'); // CEST
    const utc = await answerOf(await post(t.app, xml('20250607T10:00:00Z', 'In UTC')));
    if (!('value' in utc)) throw new Error(JSON.stringify(utc));
    expect((await article(utc.value)).publishedAt?.toISOString()).toBe('2025-06-07T10:00:00.000Z');
    const future = await answerOf(await post(t.app, xml('20991207T10:00:00', 'Later')));
    if (!('value' in future)) throw new Error(JSON.stringify(future));
    const scheduled = await article(future.value);
    expect(scheduled.state).toBe('published');
    expect(scheduled.publishedAt?.toISOString()).toBe('2099-12-07T09:00:00.000Z'); // CET
    const got = (await value(t.app, 'metaWeblog.getPost', future.value, ...asGrace())) as Struct;
    expect(got.post_status).toBe('future');
    // Dates go back as WordPress writes them: wall time in the blog's zone, and UTC in the _gmt field.
    const raw = await post(
      t.app,
      `<methodCall><methodName>metaWeblog.getPost</methodName><params><param><value>${future.value as string}</value></param><param><value>grace</value></param><param><value>${gracePassword}</value></param></params></methodCall>`,
    );
    expect(raw.text).toContain('<name>dateCreated</name><value><dateTime.iso8601>20991207T10:00:00</dateTime.iso8601>');
    expect(raw.text).toContain(
      '<name>date_created_gmt</name><value><dateTime.iso8601>20991207T09:00:00</dateTime.iso8601>',
    );
  });

  it('metaWeblog.editPost changes only what it sends; publish=false makes a draft', async () => {
    const id = await value(
      t.app,
      'metaWeblog.newPost',
      '1',
      ...asGrace(),
      { title: 'Edit me', description: '<p>One</p>', mt_keywords: 'a, b' },
      true,
    );
    expect(await value(t.app, 'metaWeblog.editPost', id, ...asGrace(), { title: 'Edited' }, true)).toBe(true);
    let saved = await article(id);
    expect(saved).toMatchObject({ title: 'Edited', bodySource: '<p>One</p>', state: 'published', slug: 'edit-me' });
    expect(saved.taggings.map((g) => g.tag.name).sort()).toEqual(['a', 'b']);
    await value(t.app, 'metaWeblog.editPost', id, ...asGrace(), { description: '<p>Two</p>', mt_keywords: '' }, false);
    saved = await article(id);
    expect(saved).toMatchObject({ title: 'Edited', bodySource: '<p>Two</p>', state: 'draft' });
    expect(saved.taggings).toEqual([]);
    expect(await db.revision.count({ where: { articleId: saved.id } })).toBe(3);
  });

  it('hands a Markdown article out as HTML, and keeps its Markdown when an edit sends no text', async () => {
    const md = await createArticle({ author: grace, title: 'In Markdown', bodySource: 'Some *text*.' });
    const got = (await value(t.app, 'metaWeblog.getPost', String(md.id), ...asGrace())) as Struct;
    expect(got.description).toContain('<em>text</em>');
    await value(t.app, 'wp.editPost', '1', ...asGrace(), String(md.id), { terms_names: { post_tag: ['kept'] } });
    expect(await article(md.id)).toMatchObject({ textFilter: 'markdown', bodySource: 'Some *text*.' });
    await value(t.app, 'wp.editPost', '1', ...asGrace(), String(md.id), { post_title: 'Now HTML' });
    // A title alone changes no text either.
    expect((await article(md.id)).textFilter).toBe('markdown');
    await value(t.app, 'wp.editPost', '1', ...asGrace(), String(md.id), { post_excerpt: '<p>Short.</p>' });
    const html = await article(md.id);
    expect(html.textFilter).toBe('none');
    expect(html.bodySource).toContain('<em>text</em>');
  });

  it('wp.newPost, wp.getPost, wp.getPosts (with filters) and wp.editPost speak WordPress’s post struct', async () => {
    const id = await value(t.app, 'wp.newPost', '1', ...asGrace(), {
      post_title: 'WordPress style',
      post_content: '<p>Body</p>',
      post_excerpt: 'Excerpt',
      post_status: 'draft',
      post_name: 'wp-style',
      comment_status: 'closed',
      terms_names: { post_tag: ['wp'], category: ['Field notes'] },
    });
    const got = (await value(t.app, 'wp.getPost', '1', ...asGrace(), id)) as Struct;
    expect(got).toMatchObject({
      post_id: id,
      post_title: 'WordPress style',
      post_content: '<p>Body</p>',
      post_excerpt: 'Excerpt',
      post_status: 'draft',
      post_type: 'post',
      post_name: 'wp-style',
      comment_status: 'closed',
      post_author: String(grace.id),
    });
    expect((got.terms as Struct[]).map((term) => [term.taxonomy, term.name])).toEqual([
      ['category', 'Field notes'],
      ['post_tag', 'wp'],
    ]);
    const drafts = (await value(t.app, 'wp.getPosts', '1', ...asGrace(), {
      post_status: 'draft',
      number: 50,
    })) as Struct[];
    expect(drafts.map((p) => p.post_id)).toContain(id);
    expect(drafts.every((p) => p.post_status === 'draft')).toBe(true);
    const published = (await value(t.app, 'wp.getPosts', '1', ...asGrace(), { post_status: 'publish' })) as Struct[];
    expect(published.map((p) => p.post_id)).not.toContain(id);
    const two = (await value(t.app, 'wp.getPosts', '1', ...asGrace(), { number: 2, offset: 1 })) as Struct[];
    expect(two).toHaveLength(2);
    const tagId = Number((got.terms as Struct[])[1]!.term_id);
    await value(t.app, 'wp.editPost', '1', ...asGrace(), id, {
      post_status: 'publish',
      terms: { category: [], post_tag: [tagId] },
    });
    expect(await article(id)).toMatchObject({ state: 'published', slug: 'wp-style' });
    expect(await call(t.app, 'wp.editPost', '1', ...asGrace(), id, { terms: { category: [99999] } })).toMatchObject({
      fault: { code: 403 },
    });
    expect(await call(t.app, 'wp.editPost', '1', ...asGrace(), id, { post_status: 'bogus' })).toMatchObject({
      fault: { code: -32602 },
    });
    expect(await call(t.app, 'wp.newPost', '1', ...asGrace(), { post_title: '', post_content: 'x' })).toEqual({
      fault: { code: 400, message: 'Give the article a title.' },
    });
  });

  it('deletes to the trash (blogger.deletePost, wp.deletePost): gone for readers, listed no more', async () => {
    const first = await value(
      t.app,
      'metaWeblog.newPost',
      '1',
      ...asGrace(),
      { title: 'Doomed one', description: 'x' },
      true,
    );
    const second = await value(t.app, 'wp.newPost', '1', ...asGrace(), {
      post_title: 'Doomed two',
      post_status: 'publish',
    });
    const permalink = String(((await value(t.app, 'metaWeblog.getPost', first, ...asGrace())) as Struct).permaLink);
    expect((await request(t.app).get(permalink.slice(testBaseUrl.length))).status).toBe(200);
    expect(await value(t.app, 'blogger.deletePost', '', first, ...asGrace(), true)).toBe(true);
    expect(await value(t.app, 'wp.deletePost', '1', ...asGrace(), second)).toBe(true);
    expect((await article(first)).state).toBe('deleted');
    expect((await request(t.app).get(permalink.slice(testBaseUrl.length))).status).toBe(404);
    const recent = (await value(t.app, 'metaWeblog.getRecentPosts', '1', ...asGrace(), 100)) as Struct[];
    expect(recent.map((p) => p.postid)).not.toContain(first);
    expect(((await value(t.app, 'wp.getPost', '1', ...asGrace(), second)) as Struct).post_status).toBe('trash');
    const trash = (await value(t.app, 'wp.getPosts', '1', ...asGrace(), { post_status: 'trash' })) as Struct[];
    expect(trash.map((p) => p.post_id).sort()).toEqual([first, second].sort());
    expect(await call(t.app, 'metaWeblog.editPost', first, ...asGrace(), { title: 'Back?' }, true)).toMatchObject({
      fault: { code: 404 },
    });
  });

  it('keeps authors to their own articles; administrators reach all', async () => {
    const adas = await createArticle({ author: ada, title: 'Ada’s own' });
    const graces = await value(
      t.app,
      'metaWeblog.newPost',
      '1',
      ...asGrace(),
      { title: 'Grace’s own', description: 'x' },
      true,
    );
    for (const [method, params] of [
      ['metaWeblog.getPost', [String(adas.id), ...asGrace()]],
      ['metaWeblog.editPost', [String(adas.id), ...asGrace(), { title: 'Mine now' }, true]],
      ['wp.getPost', ['1', ...asGrace(), String(adas.id)]],
      ['wp.editPost', ['1', ...asGrace(), String(adas.id), { post_title: 'Mine now' }]],
      ['wp.deletePost', ['1', ...asGrace(), String(adas.id)]],
      ['blogger.deletePost', ['', String(adas.id), ...asGrace(), true]],
    ] as const) {
      expect(await call(t.app, method, ...(params as unknown as never[]))).toMatchObject({ fault: { code: 404 } });
    }
    expect((await article(adas.id)).title).toBe('Ada’s own');
    const gracesList = (await value(t.app, 'metaWeblog.getRecentPosts', '1', ...asGrace(), 100)) as Struct[];
    expect(gracesList.map((p) => p.postid)).not.toContain(String(adas.id));
    const adasList = (await value(t.app, 'wp.getPosts', '1', 'ada', adaPassword, { number: 100 })) as Struct[];
    expect(adasList.map((p) => p.post_id)).toEqual(expect.arrayContaining([String(adas.id), graces]) as unknown);
    await value(t.app, 'metaWeblog.editPost', graces, 'ada', adaPassword, { title: 'Edited by Ada' }, true);
    // An administrator's edit keeps the article's author.
    expect(await article(graces)).toMatchObject({ title: 'Edited by Ada', authorId: grace.id });
  });

  it('lists pages (read-only) with wp.getPages and wp.getPosts post_type page, and refuses writing pages', async () => {
    const about = await createPage({ title: 'About', slug: 'about', bodySource: 'About *us*.' });
    const pages = (await value(t.app, 'wp.getPages', '1', ...asGrace(), 10)) as Struct[];
    expect(pages).toEqual([
      expect.objectContaining({
        page_id: String(about.id),
        title: 'About',
        wp_slug: 'about',
        link: `${testBaseUrl}/pages/about`,
      }) as unknown,
    ]);
    expect(String(pages[0]!.description)).toContain('<em>us</em>');
    const asPosts = (await value(t.app, 'wp.getPosts', '1', ...asGrace(), { post_type: 'page' })) as Struct[];
    expect(asPosts).toEqual([expect.objectContaining({ post_id: String(about.id), post_type: 'page' }) as unknown]);
    expect(await call(t.app, 'wp.newPost', '1', ...asGrace(), { post_type: 'page', post_title: 'No' })).toMatchObject({
      fault: { code: 401 },
    });
  });
});
