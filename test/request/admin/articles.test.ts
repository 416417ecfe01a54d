import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle, createSection } from '#test/fixtures/factories.ts';
import { db, type User } from '#app/models/db.ts';

describe('admin articles: list, new, create, edit, update', () => {
  let t: TestApp;
  let admin: User, grace: User, alan: User;
  let asAdmin: SignedInAgent, asGrace: SignedInAgent;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await cast.ada();
    grace = await cast.grace();
    alan = await cast.alan();
    asAdmin = await signedInAgent(t.app, 'ada');
    asGrace = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('sends anonymous visitors to sign in, and refuses their posts with 401', async () => {
    await request(t.app)
      .get('/admin/articles')
      .expect(303)
      .expect('Location', '/admin/sign-in?next=%2Fadmin%2Farticles');
    await request(t.app).get('/admin/articles/new').expect(303);
    await request(t.app).get('/admin/articles/1/edit').expect(303);
    const agent = request.agent(t.app);
    const page = await agent.get('/admin/sign-in').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await agent
      .post('/admin/articles')
      .type('form')
      .send({ _csrf: token, title: 'Sneaky', intent: 'publish' })
      .expect(401);
    expect(await db.article.count({ where: { title: 'Sneaky' } })).toBe(0);
  });

  it('lists only the author’s own articles to an author, and all of them to an admin', async () => {
    await createArticle({ author: grace, title: 'Grace’s own draft', state: 'draft' });
    await createArticle({ author: alan, title: 'Alan’s published piece' });
    const mine = await asGrace.get('/admin/articles');
    expect(mine.text).toContain('Grace’s own draft');
    expect(mine.text).not.toContain('Alan’s published piece');
    expect(mine.text).not.toContain('name="authorId"');
    const all = await asAdmin.get('/admin/articles');
    expect(all.text).toContain('Grace’s own draft');
    expect(all.text).toContain('Alan’s published piece');
    expect(all.text).toContain('name="authorId"');
    // An author cannot widen the list with ?authorId=.
    const widened = await asGrace.get(`/admin/articles?authorId=${alan.id}`);
    expect(widened.text).not.toContain('Alan’s published piece');
  });

  it('filters by state, section, tag, author and title, newest change first, 20 a page', async () => {
    const travel = await createSection({ name: 'Travel' });
    const future = new Date(Date.now() + 86_400_000);
    await createArticle({ author: alan, title: 'Filter scheduled one', publishedAt: future });
    await createArticle({ author: alan, title: 'Filter in Travel', sectionId: travel.id, tags: 'trains' });
    const byState = await asAdmin.get('/admin/articles?state=scheduled');
    expect(byState.text).toContain('Filter scheduled one');
    expect(byState.text).not.toContain('Filter in Travel');
    expect(byState.text).toContain('status-scheduled');
    const drafts = await asAdmin.get('/admin/articles?state=draft');
    expect(drafts.text).toContain('Grace’s own draft');
    expect(drafts.text).not.toContain('Filter scheduled one');
    expect((await asAdmin.get(`/admin/articles?sectionId=${travel.id}`)).text).toMatch(
      /Filter in Travel[\s\S]*1 article|1 article[\s\S]*Filter in Travel/,
    );
    const byTag = await asAdmin.get('/admin/articles?tag=trains');
    expect(byTag.text).toContain('Filter in Travel');
    expect(byTag.text).not.toContain('Filter scheduled one');
    const byAuthor = await asAdmin.get(`/admin/articles?authorId=${grace.id}`);
    expect(byAuthor.text).toContain('Grace’s own draft');
    expect(byAuthor.text).not.toContain('Filter in Travel');
    const search = await asAdmin.get('/admin/articles?q=in%20trav');
    expect(search.text).toContain('Filter in Travel');
    expect(search.text).not.toContain('Grace’s own draft');
    // Junk in the query string is no filter, never an error (a NUL is a 400: test/request/security/input-validity.test.ts).
    await asAdmin.get('/admin/articles?state=bogus&sectionId=abc&authorId=99999999999999&page=-3&q[]=x');

    for (let i = 1; i <= 21; i++)
      await createArticle({ author: alan, title: `Paged article ${String(i).padStart(2, '0')}`, state: 'draft' });
    const first = await asAdmin.get('/admin/articles?q=Paged');
    expect(first.text).toContain('Paged article 21');
    expect(first.text).not.toContain('Paged article 01');
    const rows = (html: string) => html.match(/<td><a href="\/admin\/articles\/\d+\/edit">/g)?.length;
    expect(rows(first.text)).toBe(20);
    expect(first.text).toContain('href="/admin/articles?q=Paged&amp;page=2"');
    const second = await asAdmin.get('/admin/articles?q=Paged&page=2');
    expect(second.text).toContain('Paged article 01');
    expect(rows(second.text)).toBe(1);
  });

  it('shows the editor with the stable ids, the asset picker hook and the scripts', async () => {
    await createSection({ name: 'Notes' });
    await createArticle({ author: alan, title: 'Tagged', tags: 'existing-tag' });
    const page = await asGrace.get('/admin/articles/new');
    for (const id of [
      'article-title',
      'article-body',
      'article-preview',
      'article-slug',
      'article-tags',
      'article-published-at',
    ])
      expect(page.text).toContain(`id="${id}"`);
    for (const intent of ['draft', 'publish', 'schedule'])
      expect(page.text).toContain(`name="intent" value="${intent}"`);
    expect(page.text).toContain('<div class="asset-picker" data-asset-picker data-target="#article-body"></div>');
    expect(page.text).toContain('<script src="/admin/assets-picker.js" defer></script>');
    expect(page.text).toContain('<script type="module" src="/admin/editor.js"></script>');
    expect(page.text).toContain('formaction="/admin/articles/preview" formtarget="_blank"');
    expect(page.text).toContain('<option value="existing-tag">');
    expect(page.text).toContain('>Notes</option>');
    for (const filter of ['markdown', 'smartypants-markdown', 'none'])
      expect(page.text).toContain(`<option value="${filter}"`);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('creates a draft owned by the signed-in author, with a revision, and redirects to its editor', async () => {
    const res = await asGrace
      .post('/admin/articles', {
        title: 'My first draft',
        body: 'Hello *there*',
        excerpt: '',
        textFilter: 'markdown',
        tags: 'one, Two',
        allowComments: '1',
        publishedAt: '',
        intent: 'draft',
      })
      .expect(303);
    const article = await db.article.findFirstOrThrow({
      where: { title: 'My first draft' },
      include: { taggings: { include: { tag: true } } },
    });
    expect(res.headers.location).toBe(`/admin/articles/${article.id}/edit`);
    expect(article).toMatchObject({
      authorId: grace.id,
      state: 'draft',
      slug: 'my-first-draft',
      bodyHtml: '<p>Hello <em>there</em></p>\n',
      allowComments: true,
    });
    expect(article.taggings.map((t) => t.tag.name).sort()).toEqual(['Two', 'one']);
    expect(await db.revision.count({ where: { articleId: article.id, kind: 'save' } })).toBe(1);
    const edit = await asGrace.get(res.headers.location!);
    expect(edit.text).toContain('Draft saved.');
    expect(edit.text).toContain('value="My first draft"');
    expect(edit.text).toContain('data-persisted="true"');
  });

  it('refuses a post without a valid CSRF token with 403 and changes nothing', async () => {
    await asGrace.agent.post('/admin/articles').type('form').send({ title: 'No token', intent: 'draft' }).expect(403);
    await asGrace.agent
      .post('/admin/articles')
      .type('form')
      .send({ _csrf: 'forged', title: 'Forged token', intent: 'draft' })
      .expect(403);
    const article = await createArticle({ author: grace, title: 'Untouched', state: 'draft' });
    await asGrace.agent
      .post(`/admin/articles/${article.id}`)
      .type('form')
      .send({ title: 'Changed', intent: 'publish' })
      .expect(403);
    expect(await db.article.count({ where: { title: { in: ['No token', 'Forged token', 'Changed'] } } })).toBe(0);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).state).toBe('draft');
  });

  it('re-renders with 422, inline messages and everything typed when the input is bad', async () => {
    const typed = {
      title: '   ',
      slug: 'my-slug',
      body: 'A long body <b>kept</b> as typed',
      excerpt: 'An excerpt',
      textFilter: 'smartypants-markdown',
      tags: 'alpha, beta',
      publishedAt: '2030-01-02T03:04',
      intent: 'draft',
    };
    const res = await asGrace.post('/admin/articles', typed).expect(422);
    expect(res.text).toContain('Give the article a title.');
    expect(res.text).toContain('value="my-slug"');
    expect(res.text).toContain('A long body &lt;b&gt;kept&lt;/b&gt; as typed');
    expect(res.text).toContain('An excerpt');
    expect(res.text).toContain('value="alpha, beta"');
    expect(res.text).toContain('value="2030-01-02T03:04"');
    expect(res.text).toContain('<option value="smartypants-markdown" selected>');
    expect(res.text).toContain('data-persisted="false"');
    expect(await db.article.count({ where: { bodySource: typed.body } })).toBe(0);

    const badFilter = await asGrace
      .post('/admin/articles', { ...typed, title: 'Fine', textFilter: 'textile' })
      .expect(422);
    expect(badFilter.text).toContain('Choose one of: markdown, smartypants-markdown, none.');
    const badDate = await asGrace
      .post('/admin/articles', { ...typed, title: 'Fine', publishedAt: 'next tuesday' })
      .expect(422);
    expect(badDate.text).toContain('Give the publish date as a date and time');
    const badSection = await asGrace
      .post('/admin/articles', { ...typed, title: 'Fine', sectionId: '999999' })
      .expect(422);
    expect(badSection.text).toContain('That section does not exist.');
    const badSlug = await asGrace.post('/admin/articles', { ...typed, title: 'Fine', slug: '!!!' }).expect(422);
    expect(badSlug.text).toContain('The slug needs at least one letter or digit.');
  });

  it('ignores mass-assigned author, state and role fields', async () => {
    await asGrace
      .post('/admin/articles', {
        title: 'Mass assignment',
        body: 'x',
        intent: 'draft',
        authorId: String(admin.id),
        state: 'published',
        role: 'admin',
        publishedOn: '2001-01-01',
        commentsCount: '99',
      })
      .expect(303);
    const article = await db.article.findFirstOrThrow({ where: { title: 'Mass assignment' } });
    expect(article).toMatchObject({ authorId: grace.id, state: 'draft', publishedOn: null, commentsCount: 0 });
    expect((await db.user.findUniqueOrThrow({ where: { id: grace.id } })).role).toBe('author');
    await asGrace
      .post(`/admin/articles/${article.id}`, {
        title: 'Mass assignment',
        body: 'y',
        intent: 'draft',
        authorId: String(alan.id),
        state: 'published',
      })
      .expect(303);
    expect(await db.article.findUniqueOrThrow({ where: { id: article.id } })).toMatchObject({
      authorId: grace.id,
      state: 'draft',
      bodySource: 'y',
    });
  });

  it('edits and updates the author’s own article; an admin edits anyone’s and keeps its author', async () => {
    const article = await createArticle({ author: grace, title: 'Editable', state: 'draft', bodySource: 'old' });
    const edit = await asGrace.get(`/admin/articles/${article.id}/edit`);
    expect(edit.text).toContain('value="Editable"');
    expect(edit.text).toContain(`action="/admin/articles/${article.id}"`);
    expect(edit.text).toContain(`href="/admin/articles/${article.id}/deletion"`);
    await asGrace
      .post(`/admin/articles/${article.id}`, {
        title: 'Edited',
        slug: 'editable',
        body: 'new',
        textFilter: 'none',
        intent: 'draft',
      })
      .expect(303);
    expect(await db.article.findUniqueOrThrow({ where: { id: article.id } })).toMatchObject({
      title: 'Edited',
      slug: 'editable',
      bodySource: 'new',
      textFilter: 'none',
      allowComments: false,
    });
    await asAdmin.get(`/admin/articles/${article.id}/edit`);
    await asAdmin
      .post(`/admin/articles/${article.id}`, { title: 'Edited by the admin', body: 'admin text', intent: 'draft' })
      .expect(303);
    expect(await db.article.findUniqueOrThrow({ where: { id: article.id } })).toMatchObject({
      title: 'Edited by the admin',
      authorId: grace.id,
    });
    await asGrace.get(`/admin/articles/${article.id}`, 303);
  });

  it('answers 404 for another author’s article and for malformed or huge ids, never 500', async () => {
    const alans = await createArticle({ author: alan, title: 'Alan’s secret draft', state: 'draft' });
    await asGrace.get(`/admin/articles/${alans.id}/edit`, 404);
    await asGrace.get(`/admin/articles/${alans.id}`, 404);
    const res = await asGrace.post(`/admin/articles/${alans.id}`, { title: 'Hijacked', intent: 'publish' }).expect(404);
    expect(res.text).toContain('There is no such article.');
    expect((await db.article.findUniqueOrThrow({ where: { id: alans.id } })).title).toBe('Alan’s secret draft');
    for (const id of ['abc', '0', '-1', '1.5', '007', '99999999999', '2147483648', '1e3', '%20']) {
      await asAdmin.get(`/admin/articles/${id}/edit`, 404);
      await asAdmin.post(`/admin/articles/${id}`, { title: 'x', intent: 'draft' }).expect(404);
    }
    await asAdmin.get('/admin/articles/2147483647/edit', 404);
  });
});
