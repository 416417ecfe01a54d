import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { XMLParser } from 'fast-xml-parser';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createSection, createArticle, testPassword } from '#test/fixtures/factories.ts';
import type { User } from '#app/models/db.ts';
import { revokeAppPassword, listAppPasswords } from '#app/models/app-password.ts';
import { appPasswordFor, call, post, answerOf, value } from '#test/request/xmlrpc/client.ts';

const wrongLogin = /^Incorrect username or password\. Desktop clients sign in with an application password/;

describe('XML-RPC: discovery, sign-in and the protocol’s faults', () => {
  let t: TestApp;
  let ada: User;
  let grace: User;
  let adaPassword: string;
  let gracePassword: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { FOLIO_UPLOAD_MAX_MB: '1' } });
    ada = await cast.ada();
    grace = await cast.grace();
    adaPassword = await appPasswordFor(ada);
    gracePassword = await appPasswordFor(grace);
  });
  afterAll(() => t.close());

  it('describes itself in RSD: WordPress preferred, MetaWeblog and Blogger, all at /xmlrpc', async () => {
    const response = await request(t.app).get('/rsd.xml');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/rsd\+xml/);
    const rsd = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(response.text) as {
      rsd: { service: { engineName: string; homePageLink: string; apis: { api: Record<string, string>[] } } };
    };
    expect(rsd.rsd.service.engineName).toBe('Folio');
    expect(rsd.rsd.service.homePageLink).toBe(`${testBaseUrl}/`);
    expect(rsd.rsd.service.apis.api).toEqual([
      { name: 'WordPress', blogID: '1', preferred: 'true', apiLink: `${testBaseUrl}/xmlrpc` },
      { name: 'MetaWeblog', blogID: '1', preferred: 'false', apiLink: `${testBaseUrl}/xmlrpc` },
      { name: 'Blogger', blogID: '1', preferred: 'false', apiLink: `${testBaseUrl}/xmlrpc` },
    ]);
  });

  it('answers a browser’s GET with 405 and Allow: POST', async () => {
    const response = await request(t.app).get('/xmlrpc');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(response.text).toBe('XML-RPC server accepts POST requests only.');
  });

  it('signs in with an application password and lists the user’s blog', async () => {
    expect(await value(t.app, 'wp.getUsersBlogs', 'ada', adaPassword)).toEqual([
      {
        isAdmin: true,
        url: `${testBaseUrl}/`,
        blogid: '1',
        blogName: expect.any(String) as unknown,
        xmlrpc: `${testBaseUrl}/xmlrpc`,
      },
    ]);
    const blogs = (await value(t.app, 'blogger.getUsersBlogs', '', 'grace', gracePassword)) as { isAdmin: boolean }[];
    expect(blogs[0]!.isAdmin).toBe(false);
    expect(await value(t.app, 'blogger.getUserInfo', '', 'grace', gracePassword)).toEqual({
      userid: String(grace.id),
      nickname: 'grace',
      firstname: 'Grace',
      lastname: 'Hopper',
      url: `${testBaseUrl}/author/grace`,
      email: 'grace@example.com',
    });
  });

  it('refuses the account password, a wrong password, another user’s password and a revoked one, saying why', async () => {
    for (const [login, password] of [
      ['ada', testPassword],
      ['ada', 'nope'],
      ['ada', gracePassword],
      ['nobody', adaPassword],
    ] as const) {
      const answer = await call(t.app, 'wp.getUsersBlogs', login, password);
      expect(answer).toEqual({ fault: { code: 403, message: expect.stringMatching(wrongLogin) as unknown } });
    }
    const spare = await appPasswordFor(grace, 'Spare');
    expect('value' in (await call(t.app, 'wp.getUsersBlogs', 'grace', spare))).toBe(true);
    const row = (await listAppPasswords(grace.id)).find((p) => p.name === 'Spare')!;
    await revokeAppPassword(row.id, grace.id);
    expect(await call(t.app, 'wp.getUsersBlogs', 'grace', spare)).toMatchObject({ fault: { code: 403 } });
  });

  it('says when a client is throttled instead of calling the password wrong', async () => {
    const faults: number[] = [];
    for (let attempt = 0; attempt < 9; attempt += 1) {
      const answer = (await call(t.app, 'wp.getUsersBlogs', 'alan', 'wrong-password')) as { fault: { code: number } };
      faults.push(answer.fault.code);
    }
    expect(faults.slice(0, 7)).toEqual(Array(7).fill(403));
    expect(faults.at(-1)).toBe(429);
    expect(await call(t.app, 'wp.getUsersBlogs', 'alan', 'wrong-password')).toEqual({
      fault: {
        code: 429,
        message: expect.stringMatching(/^Too many failed sign-ins .* Try again in \d+ seconds\.$/) as unknown,
      },
    });
  });

  it('lists its methods, without system.multicall', async () => {
    const methods = (await value(t.app, 'system.listMethods')) as string[];
    expect(methods).toEqual(
      expect.arrayContaining(['metaWeblog.newPost', 'wp.getPosts', 'wp.uploadFile', 'pingback.ping']) as unknown,
    );
    expect(methods).not.toContain('system.multicall');
    expect(await call(t.app, 'system.multicall', [])).toMatchObject({ fault: { code: -32601 } });
  });

  it('faults on an unknown method and on bad parameters', async () => {
    expect(await call(t.app, 'wp.getComments', '1', 'ada', adaPassword)).toEqual({
      fault: { code: -32601, message: expect.stringContaining('Unknown method "wp.getComments"') as unknown },
    });
    expect(await call(t.app, 'metaWeblog.newPost', '1', 'ada', adaPassword, 'not a struct', true)).toEqual({
      fault: { code: -32602, message: 'Parameter 4 (content) must be a struct.' },
    });
    expect(await call(t.app, 'metaWeblog.getPost', 'abc', 'ada', adaPassword)).toMatchObject({
      fault: { code: -32602 },
    });
    expect(await call(t.app, 'wp.getUsersBlogs')).toMatchObject({ fault: { code: -32602 } });
    expect(await call(t.app, 'wp.getTerms', '1', 'ada', adaPassword, 'post_format')).toMatchObject({
      fault: { code: 403 },
    });
  });

  it('faults on what is not an XML-RPC call, and refuses DTDs before parsing', async () => {
    expect(await answerOf(await post(t.app, 'hello'))).toMatchObject({ fault: { code: -32700 } });
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' +
      '<methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value>&lol2;</value></param></params></methodCall>';
    expect(await answerOf(await post(t.app, bomb))).toEqual({
      fault: { code: -32600, message: 'DTDs are not accepted.' },
    });
    const external = '<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><methodCall/>';
    expect(await answerOf(await post(t.app, external, 'application/xml'))).toMatchObject({
      fault: { message: 'DTDs are not accepted.' },
    });
    const deep = `<methodCall><methodName>system.listMethods</methodName><params><param>${'<value><array><data>'.repeat(20)}${'</data></array></value>'.repeat(20)}</param></params></methodCall>`;
    expect(await answerOf(await post(t.app, deep))).toEqual({
      fault: { code: -32600, message: 'The call nests values deeper than 32 levels.' },
    });
  });

  it('answers a body over the limit with a plain 413 (the limit fits the largest upload in base64)', async () => {
    // FOLIO_UPLOAD_MAX_MB=1: 1 MiB × 4/3 × 78/76 + 256 KiB ≈ 1.66 MB.
    const huge = `<methodCall><methodName>x</methodName><params><param><value>${'a'.repeat(1_800_000)}</value></param></params></methodCall>`;
    const response = await post(t.app, huge);
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/larger than this blog accepts/);
    const fits = `<methodCall><methodName>system.listMethods</methodName><params><param><value>${'a'.repeat(1_500_000)}</value></param></params></methodCall>`;
    expect((await post(t.app, fits)).status).toBe(200);
  });

  it('offers sections as categories and tags as post_tag terms', async () => {
    const notes = await createSection({ name: 'Field notes', slug: 'notes' });
    await createArticle({ author: grace, title: 'Tagged', tags: 'Ruby, Rails', sectionId: notes.id });
    expect(await value(t.app, 'metaWeblog.getCategories', '1', 'grace', gracePassword)).toEqual([
      {
        categoryId: String(notes.id),
        parentId: '0',
        categoryName: 'Field notes',
        categoryDescription: '',
        description: 'Field notes',
        htmlUrl: `${testBaseUrl}/section/notes`,
        rssUrl: `${testBaseUrl}/section/notes.rss`,
      },
    ]);
    expect(await value(t.app, 'wp.getTerms', '1', 'grace', gracePassword, 'category')).toEqual([
      expect.objectContaining({
        term_id: String(notes.id),
        name: 'Field notes',
        taxonomy: 'category',
        count: 1,
      }) as unknown,
    ]);
    const tags = (await value(t.app, 'wp.getTerms', '1', 'grace', gracePassword, 'post_tag', { search: 'ru' })) as {
      name: string;
      taxonomy: string;
    }[];
    expect(tags.map((tag) => [tag.name, tag.taxonomy])).toEqual([['Ruby', 'post_tag']]);
  });

  it('answers the Movable Type helpers desktop editors call: category lists and a post’s categories, and wp.getOptions', async () => {
    const travel = await createSection({ name: 'Travel', slug: 'travel' });
    const id = (await value(t.app, 'wp.newPost', '1', 'grace', gracePassword, { post_title: 'Filed later' })) as string;
    const list = (await value(t.app, 'mt.getCategoryList', '1', 'grace', gracePassword)) as { categoryName: string }[];
    expect(list.map((c) => c.categoryName)).toContain('Travel');
    expect(await value(t.app, 'mt.getPostCategories', id, 'grace', gracePassword)).toEqual([]);
    expect(
      await value(t.app, 'mt.setPostCategories', id, 'grace', gracePassword, [
        { categoryId: String(travel.id), isPrimary: true },
      ]),
    ).toBe(true);
    expect(await value(t.app, 'mt.getPostCategories', id, 'grace', gracePassword)).toEqual([
      { categoryId: String(travel.id), categoryName: 'Travel', isPrimary: true },
    ]);
    const options = (await value(t.app, 'wp.getOptions', '1', 'grace', gracePassword)) as Record<
      string,
      { value: unknown }
    >;
    expect(options.software_name!.value).toBe('Folio');
    expect(options.blog_url!.value).toBe(`${testBaseUrl}/`);
    expect(await value(t.app, 'mt.supportedMethods')).toEqual(await value(t.app, 'system.listMethods'));
  });

  it('takes pingbacks into the webmention pipeline, with the Pingback spec’s fault codes', async () => {
    const answer = await call(t.app, 'pingback.ping', 'https://elsewhere.example/post', `${testBaseUrl}/no/such/page`);
    expect(answer).toMatchObject({
      fault: { code: expect.any(Number) as unknown, message: expect.any(String) as unknown },
    });
    if ('fault' in answer) expect([0x0020, 0x0021]).toContain(answer.fault.code);
  });
});
