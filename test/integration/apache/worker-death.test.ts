/**
 * A worker killed while it holds a reader's comment POST, through the real
 * Apache running the generated site (the scenario: worker-death.ts).
 *
 * What used to happen: mod_proxy_fcgi saw the connection break, and its
 * balancer sent the request again to the other worker, without the part of
 * the body the dead worker had read. That worker ended the request without
 * a response, which mod_proxy_fcgi answers as an empty 200: the comment was
 * lost and the reader told it had gone through.
 */
import { describe, it, expect } from 'vitest';
import { useApache, useRunningBlog } from '#test/integration/apache/blog-fixture.ts';
import { postWhileItsWorkerDies, respawned, timesShown, workerLog } from '#test/integration/apache/worker-death.ts';

describe('a worker killed mid-POST behind Apache', () => {
  const blog = useRunningBlog();
  const front = useApache(blog);

  it('answers 502 with the static page, stores nothing, and the same form posts once the worker is back', async () => {
    const text = 'Posted while its worker died.';
    const { answer, reader, action, fields, victimPid } = await postWhileItsWorkerDies(blog, front.apache, text);
    expect(answer.status, `${answer.head}\n${answer.body}\n${front.apache.errorLog()}\n${workerLog(blog)}`).toBe(502);
    expect(answer.body).toContain('it was not saved');
    expect(await timesShown(front.apache, text)).toBe(0);

    // The preview's form is still in the reader's browser: sent again once the slot is back, it is stored once.
    await respawned(blog, victimPid);
    const again = await reader.post(action, fields);
    expect(again.status, again.text).toBe(303);
    expect(await timesShown(front.apache, text)).toBe(1);
  });
});
