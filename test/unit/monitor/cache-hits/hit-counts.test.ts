import { describe, it, expect } from 'vitest';
import { HitCounts, maxReferringSites } from '#app/monitor/cache-hits/hit-counts.ts';
import { referringSite } from '#app/monitor/reading.ts';

describe('a referring site', () => {
  it("is the host of another site's http(s) address, not our own, not anything else", () => {
    expect(referringSite('https://News.Example:8443/item?id=1', 'blog.test')).toBe('news.example');
    expect(referringSite('http://blog.test/2025/03/01/hello', 'blog.test')).toBeNull();
    expect(referringSite('android-app://com.example', 'blog.test')).toBeNull();
    expect(referringSite('not a url', 'blog.test')).toBeNull();
    expect(referringSite('file:///etc/passwd', 'blog.test')).toBeNull();
  });
});

describe('the counts of a read', () => {
  it('keeps at most so many referring sites, counting on those it has, and any name safely', () => {
    const counts = new HitCounts('https://blog.test');
    const hit = (referer: string) => counts.add({ status: 200, method: 'GET', path: '/', referer });
    hit('https://__proto__/');
    for (let i = 0; i < maxReferringSites + 10; i += 1) hit(`https://site-${i}.example/`);
    hit('https://site-0.example/');
    hit('https://__proto__/');
    const referrers = counts.referrers;
    expect(Object.keys(referrers)).toHaveLength(maxReferringSites);
    expect(referrers['site-0.example']).toBe(2);
    expect(Object.getOwnPropertyDescriptor(referrers, '__proto__')?.value).toBe(2);
    expect(counts.hits).toBe(maxReferringSites + 13);
  });
});
