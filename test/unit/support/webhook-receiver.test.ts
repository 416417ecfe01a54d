import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '#test/support/webhook-receiver.ts';

// The webhook harness others test with: it records each request as sent and
// fails on demand.

let hook: WebhookReceiver;

beforeAll(async () => {
  hook = await startWebhookReceiver();
});
afterAll(() => hook.stop());

const post = (body: string) =>
  fetch(hook.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Test': 'yes' }, body });

describe('startWebhookReceiver', () => {
  it('records method, path, headers and body, and fails the next N requests when told', async () => {
    hook.failNext(2);
    const statuses = [];
    for (const n of [1, 2, 3]) statuses.push((await post(JSON.stringify({ n }))).status);
    expect(statuses).toEqual([500, 500, 204]);

    const requests = await hook.waitFor(3);
    expect(requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/hook', status: 500 });
    expect(requests[0]!.headers['x-test']).toBe('yes');
    expect(requests[2]!.rawBody.toString()).toBe('{"n":3}');
  });

  it('resolves waitFor when the awaited request arrives', async () => {
    const waiting = hook.waitFor(4);
    await post('{}');
    expect((await waiting).length).toBe(4);
  });
});
