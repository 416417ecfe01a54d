import { describe, it, expect } from 'vitest';
import { plainText } from '#app/text-filters/index.ts';

describe('plainText', () => {
  it('strips tags, decodes entities and collapses whitespace', () => {
    expect(
      plainText('<h2>Fish &amp; chips</h2>\n<p>Cost: &lt;5&gt; &quot;coins&quot;&nbsp;&#8212; <em>cheap</em>!</p>'),
    ).toBe('Fish & chips Cost: <5> "coins" — cheap!');
  });

  it('separates blocks but not inline runs', () => {
    expect(plainText('<p>One</p><p>Two<br>Three</p><ul><li>a</li><li>b</li></ul>')).toBe('One Two Three a b');
    expect(plainText('<p>un<em>broken</em></p>')).toBe('unbroken');
  });

  it('drops script and style bodies', () => {
    expect(plainText('<p>Hi</p><script>alert(1)</script><style>p{}</style>')).toBe('Hi');
  });

  it('cuts at a word boundary and stays within maxLength, ellipsis included', () => {
    const text = plainText('<p>The quick brown fox jumps over the lazy dog.</p>', 20);
    expect(text).toBe('The quick brown fox…');
    expect(text.length).toBeLessThanOrEqual(20);
    expect(plainText('<p>The quick brown fox, jumps</p>', 21)).toBe('The quick brown fox…');
  });

  it('leaves short text whole and cuts a single long word inside it', () => {
    expect(plainText('<p>Short.</p>', 20)).toBe('Short.');
    expect(plainText('<p>Supercalifragilistic</p>', 10)).toBe('Supercali…');
  });
});
