import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import * as cast from '#test/fixtures/cast.ts';
import { readdirSync } from 'node:fs';
import { db, type User } from '#app/models/db.ts';
import { uploadDirs } from '#config/uploads.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { errorOf, pngBytes, scopedToken, tokenFor } from '#test/request/micropub/helpers.ts';

describe('Micropub queries and the media endpoint', () => {
  let t: TestApp;
  let grace: User;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    grace = await cast.grace();
    token = await tokenFor(grace);
  });
  afterAll(() => t.close());

  const get = (query: string, as = token) =>
    request(t.app).get(`/micropub?${query}`).set('Authorization', `Bearer ${as}`);
  const media = (as = token) => request(t.app).post('/micropub/media').set('Authorization', `Bearer ${as}`);

  it('answers q=config with the media endpoint, no syndication targets and the queries it knows', async () => {
    const res = await get('q=config').expect(200).expect('Content-Type', /json/);
    expect(res.body).toMatchObject({
      'media-endpoint': `${testBaseUrl}/micropub/media`,
      'syndicate-to': [],
      q: ['config', 'source', 'syndicate-to', 'category'],
    });
    expect((await get('q=syndicate-to').expect(200)).body).toEqual({ 'syndicate-to': [] });
  });

  it('answers q=source with the Markdown source as a string, HTML as {html}, and only the properties asked', async () => {
    const created = await request(t.app)
      .post('/micropub')
      .set('Authorization', `Bearer ${token}`)
      .send({
        type: ['h-entry'],
        properties: { name: ['Sourced'], content: ['Some *markdown*.'], category: ['a', 'b'], summary: ['Sum.'] },
      })
      .expect(201);
    const url = created.headers.location!;
    const source = await get(`q=source&url=${encodeURIComponent(url)}`).expect(200);
    expect(source.body).toMatchObject({
      type: ['h-entry'],
      properties: {
        name: ['Sourced'],
        content: ['Some *markdown*.'],
        category: ['a', 'b'],
        summary: ['Sum.'],
        'post-status': ['published'],
        url: [url],
      },
    });
    const some = await get(`q=source&properties[]=content&properties[]=category&url=${encodeURIComponent(url)}`).expect(
      200,
    );
    expect(some.body).toEqual({ properties: { content: ['Some *markdown*.'], category: ['a', 'b'] } });
    const one = await get(`q=source&properties=name&url=${encodeURIComponent(url)}`).expect(200);
    expect(one.body).toEqual({ properties: { name: ['Sourced'] } });

    const html = await request(t.app)
      .post('/micropub')
      .set('Authorization', `Bearer ${token}`)
      .send({ type: ['h-entry'], properties: { name: ['Html'], content: [{ html: '<p>Hi</p>' }] } })
      .expect(201);
    const htmlSource = await get(`q=source&url=${encodeURIComponent(html.headers.location!)}`).expect(200);
    expect((htmlSource.body as { properties: { content: unknown } }).properties.content).toEqual([
      { html: '<p>Hi</p>' },
    ]);
  });

  it('lists categories, filtered', async () => {
    const res = await get('q=category').expect(200);
    expect((res.body as { categories: string[] }).categories).toEqual(expect.arrayContaining(['a', 'b']));
    expect((await get('q=category&filter=A').expect(200)).body).toEqual({ categories: ['a'] });
  });

  it('refuses unknown queries, missing urls and anonymous readers', async () => {
    expect(errorOf(await get('q=nonsense').expect(400)).error).toBe('invalid_request');
    expect(errorOf(await get('').expect(400)).error).toBe('invalid_request');
    expect(errorOf(await get('q=source').expect(400)).error).toBe('invalid_request');
    expect(errorOf(await request(t.app).get('/micropub?q=config').expect(401)).error).toBe('unauthorized');
    expect(errorOf(await get('q=config', 'wrong-token').expect(401)).error).toBe('unauthorized');
    expect(errorOf(await request(t.app).get(`/micropub?q=config&access_token=${token}`).expect(400)).error).toBe(
      'invalid_request',
    );
  });

  it('stores a media upload like the admin and answers 201 with its absolute URL', async () => {
    const res = await media()
      .attach('file', await pngBytes(), 'media.png')
      .expect(201);
    const location = res.headers.location!;
    expect(location).toMatch(new RegExp(`^${testBaseUrl}/uploads/.+\\.png$`));
    const asset = await db.asset.findFirstOrThrow({ where: { originalName: 'media.png' } });
    expect(asset.uploaderId).toBe(grace.id);
    expect(location).toBe(`${testBaseUrl}/uploads/${asset.storedName}`);
    await request(t.app).get(new URL(location).pathname).expect(200).expect('Content-Type', 'image/png');
    // The token may come as a field before the file.
    await request(t.app)
      .post('/micropub/media')
      .field('access_token', token)
      .attach('file', await pngBytes(), 'field-token.png')
      .expect(201);
  });

  it('refuses media without a token, without the media scope, in another field, or not an accepted type', async () => {
    const before = await db.asset.count();
    const anonymous = await request(t.app)
      .post('/micropub/media')
      .attach('file', await pngBytes(), 'x.png')
      .expect(401);
    expect(errorOf(anonymous).error).toBe('unauthorized');
    const noScope = await media(await scopedToken(grace, 'create'))
      .attach('file', await pngBytes(), 'x.png')
      .expect(401);
    expect(errorOf(noScope)).toMatchObject({ error: 'insufficient_scope', scope: 'media' });
    expect(
      errorOf(
        await media()
          .attach('photo', await pngBytes(), 'x.png')
          .expect(400),
      ).error,
    ).toBe('invalid_request');
    expect(errorOf(await media().field('nothing', 'here').expect(400)).error).toBe('invalid_request');
    const text = await media().attach('file', Buffer.from('<?php echo 1; ?>'), 'x.png').expect(400);
    expect(errorOf(text).error_description).toMatch(/refused/);
    expect(await db.asset.count()).toBe(before);
    // Nothing refused stays in the temp dir.
    const temp = uploadDirs(t.config).temp;
    await waitFor(() => readdirSync(temp).length === 0, { message: 'the upload temp dir to empty' });
  });
});
