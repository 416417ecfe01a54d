import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { z } from 'zod';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, csrfFrom, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle, createComment, createSection, changeSettings } from '#test/fixtures/factories.ts';
import { db, type User } from '#app/models/db.ts';
import { articlePath } from '#app/helpers/permalinks.ts';

// The part of the autosave reply these tests read by name.
const autosaveReply = z.looseObject({ id: z.number(), savedAt: z.string() });

/** What editor.js sends: JSON with the token in a header. */
function postJson(as: SignedInAgent, path: string, body: Record<string, unknown>) {
  return as.agent.post(path).set('X-CSRF-Token', as.csrf()).set('Accept', 'application/json').send(body);
}

describe('admin articles: preview and autosave', () => {
  let t: TestApp;
  let grace: User, alan: User;
  let asAdmin: SignedInAgent, asGrace: SignedInAgent;
  beforeAll(async () => {
    t = await startTestApp();
    await cast.ada();
    grace = await cast.grace();
    alan = await cast.alan();
    asAdmin = await signedInAgent(t.app, 'ada');
    asGrace = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  describe('preview', () => {
    it('renders the unsaved form through the active theme, uncacheable, saving nothing', async () => {
      const section = await createSection({ name: 'Essays' });
      const before = await db.article.count();
      const res = await asGrace
        .post('/admin/articles/preview', {
          title: 'A preview title',
          body: 'Some **bold** words',
          textFilter: 'markdown',
          tags: 'ideas, drafts',
          sectionId: String(section.id),
          allowComments: '1',
          publishedAt: '2031-04-05T06:07',
        })
        .expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<h1 class="p-name">A preview title</h1>');
      expect(res.text).toContain('Some <strong>bold</strong> words');
      expect(res.text).toContain('href="/tag/ideas"');
      expect(res.text).toContain('/themes/default/assets/style.css');
      expect(res.text).toContain('Comments are closed in this preview.');
      expect(res.text).not.toContain('<form class="comment-form"');
      expect(await db.article.count()).toBe(before);
    });

    it('follows the active theme and the chosen text filter', async () => {
      await changeSettings({ theme: 'minimal' });
      try {
        const res = await asGrace
          .post('/admin/articles/preview', {
            title: 'Quotes',
            body: '"Quoted" -- text',
            textFilter: 'smartypants-markdown',
          })
          .expect(200);
        expect(res.text).toContain('class="theme-minimal"');
        expect(res.text).toContain('“Quoted”');
      } finally {
        await changeSettings({ theme: 'default' });
      }
    });

    it('accepts the X-CSRF-Token header as editor.js sends it, and refuses no token with 403', async () => {
      await asGrace.agent
        .post('/admin/articles/preview')
        .set('X-CSRF-Token', asGrace.csrf())
        .type('form')
        .send({ title: 'Via header', body: 'x' })
        .expect(200);
      await asGrace.agent.post('/admin/articles/preview').type('form').send({ title: 'No token' }).expect(403);
    });

    it('asks anonymous visitors to sign in (401)', async () => {
      const agent = request.agent(t.app);
      const token = csrfFrom((await agent.get('/admin/sign-in').expect(200)).text);
      await agent.post('/admin/articles/preview').type('form').send({ _csrf: token, title: 'x' }).expect(401);
    });

    it('previews an existing article with its approved comments; another author’s is 404', async () => {
      const article = await createArticle({ author: grace, title: 'Commented', allowComments: true });
      await createComment(article, { authorName: 'Reader', body: 'Approved remark' }, 'approved');
      const res = await asGrace
        .post(`/admin/articles/${article.id}/preview`, { title: 'Commented, retitled', body: 'New body' })
        .expect(200);
      expect(res.text).toContain('Commented, retitled');
      expect(res.text).toContain('Approved remark');
      expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).title).toBe('Commented');
      const alans = await createArticle({ author: alan, title: 'Alan’s' });
      await asGrace.post(`/admin/articles/${alans.id}/preview`, { title: 'x' }).expect(404);
      await asGrace.post('/admin/articles/abc/preview', { title: 'x' }).expect(404);
    });

    it('never fails on half-typed input', async () => {
      const res = await asGrace
        .post('/admin/articles/preview', {
          title: '',
          body: '',
          textFilter: 'bogus',
          sectionId: 'x',
          publishedAt: 'soon',
          tags: ',,,',
        })
        .expect(200);
      expect(res.text).toContain('<h1 class="p-name">Untitled</h1>');
    });
  });

  describe('autosave', () => {
    it('keeps one autosave per article and user, replaced each time, without touching the article', async () => {
      const article = await createArticle({ author: grace, title: 'Live piece', bodySource: 'Published words' });
      const first = await postJson(asGrace, `/admin/articles/${article.id}/autosave`, {
        title: 'Live piece',
        body: 'Half-typed one',
        textFilter: 'markdown',
      }).expect(200);
      expect(first.headers['content-type']).toMatch(/json/);
      expect(first.body).toMatchObject({
        id: article.id,
        created: false,
        urls: { edit: `/admin/articles/${article.id}/edit`, update: `/admin/articles/${article.id}` },
      });
      await postJson(asGrace, `/admin/articles/${article.id}/autosave`, {
        title: 'Live piece',
        body: 'Half-typed two',
        textFilter: 'markdown',
      }).expect(200);
      const autosaves = await db.revision.findMany({ where: { articleId: article.id, kind: 'autosave' } });
      expect(autosaves).toHaveLength(1);
      expect(autosaves[0]).toMatchObject({ bodySource: 'Half-typed two', authorId: grace.id });
      expect((await request(t.app).get(articlePath(article)).expect(200)).text).toContain('Published words');

      await postJson(asAdmin, `/admin/articles/${article.id}/autosave`, {
        title: 'Admin typing',
        body: 'Admin words',
      }).expect(200);
      expect(await db.revision.count({ where: { articleId: article.id, kind: 'autosave' } })).toBe(2);
    });

    it('offers the autosave on the edit page, loads it on request, and retires it on save', async () => {
      const article = await createArticle({
        author: grace,
        title: 'Offered',
        bodySource: 'saved text',
        state: 'draft',
      });
      await postJson(asGrace, `/admin/articles/${article.id}/autosave`, {
        title: 'Offered',
        body: 'autosaved text',
        textFilter: 'markdown',
      }).expect(200);
      const edit = await asGrace.get(`/admin/articles/${article.id}/edit`);
      expect(edit.text).toContain('You have autosaved text from');
      expect(edit.text).toContain(`href="/admin/articles/${article.id}/edit?autosave=1"`);
      const loaded = await asGrace.get(`/admin/articles/${article.id}/edit?autosave=1`);
      expect(loaded.text).toContain('>autosaved text</textarea>');
      expect(loaded.text).toContain('data-persisted="false"');
      await asGrace
        .post(`/admin/articles/${article.id}`, { title: 'Offered', body: 'autosaved text', intent: 'draft' })
        .expect(303);
      expect(await db.revision.count({ where: { articleId: article.id, kind: 'autosave' } })).toBe(0);
      expect((await asGrace.get(`/admin/articles/${article.id}/edit`)).text).not.toContain('You have autosaved text');
    });

    it('creates the draft on a new article’s first autosave and returns its URLs', async () => {
      const res = await postJson(asGrace, '/admin/articles/autosave', {
        title: '',
        body: 'Typed before any title',
        textFilter: 'markdown',
        tags: 'early',
        authorId: String(alan.id),
        state: 'published',
      }).expect(201);
      const reply = autosaveReply.parse(res.body);
      const article = await db.article.findUniqueOrThrow({ where: { id: reply.id }, include: { revisions: true } });
      expect(article).toMatchObject({
        title: 'Untitled draft',
        state: 'draft',
        authorId: grace.id,
        bodySource: 'Typed before any title',
      });
      expect(article.revisions).toMatchObject([
        { kind: 'autosave', title: '', bodySource: 'Typed before any title', authorId: grace.id },
      ]);
      expect(res.body).toMatchObject({
        created: true,
        urls: {
          edit: `/admin/articles/${article.id}/edit`,
          update: `/admin/articles/${article.id}`,
          preview: `/admin/articles/${article.id}/preview`,
          autosave: `/admin/articles/${article.id}/autosave`,
        },
      });
      expect(new Date(reply.savedAt).getTime()).not.toBeNaN();
    });

    it('answers 422 JSON for input it cannot keep, 404 for others’ articles, 403 without a token, 401 when signed out', async () => {
      const tooLong = await postJson(asGrace, '/admin/articles/autosave', {
        title: 'Huge',
        body: 'x'.repeat(1_000_001),
      }).expect(422);
      expect(tooLong.body).toMatchObject({
        error: 'invalid',
        fields: { body: expect.stringContaining('Too long to autosave') as unknown },
      });
      const alans = await createArticle({ author: alan, title: 'Not Grace’s' });
      await postJson(asGrace, `/admin/articles/${alans.id}/autosave`, { title: 'x', body: 'y' }).expect(404);
      await postJson(asGrace, '/admin/articles/99999999999/autosave', { title: 'x', body: 'y' }).expect(404);
      await asGrace.agent.post(`/admin/articles/${alans.id}/autosave`).send({ title: 'x' }).expect(403);
      const agent = request.agent(t.app);
      const token = csrfFrom((await agent.get('/admin/sign-in').expect(200)).text);
      await agent
        .post('/admin/articles/autosave')
        .set('X-CSRF-Token', token)
        .send({ title: 'x', body: 'y' })
        .expect(401);
      expect(await db.revision.count({ where: { articleId: alans.id } })).toBe(0);
    });

    it('refuses an autosave after the session ended, storing nothing', async () => {
      const as = await signedInAgent(t.app, 'grace');
      const article = await createArticle({ author: grace, title: 'Session ends', state: 'draft' });
      await db.session.deleteMany();
      const res = await postJson(as, `/admin/articles/${article.id}/autosave`, { title: 'x', body: 'lost?' });
      expect([401, 403]).toContain(res.status);
      expect(await db.revision.count({ where: { articleId: article.id, kind: 'autosave' } })).toBe(0);
    });
  });
});
