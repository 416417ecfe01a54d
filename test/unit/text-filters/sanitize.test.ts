import { describe, it, expect } from 'vitest';
import { renderArticleHtml, renderCommentHtml } from '#app/text-filters/index.ts';

const article = (html: string) => renderArticleHtml(html, 'none');

// Whatever the attack, none of these may survive in the markup (tags and
// attributes) of article or comment HTML; as escaped text they are harmless.
const DANGER = [
  /<script/i,
  /<iframe/i,
  /<style/i,
  /<svg/i,
  /<form/i,
  /<input/i,
  /\son\w+\s*=/i,
  /javascript:/i,
  /data:/i,
  /style=/i,
];

function expectHarmless(html: string): void {
  const markup = (html.match(/<[^>]*>/g) ?? []).join(' ');
  for (const pattern of DANGER) expect(markup).not.toMatch(pattern);
}

describe('article sanitizer: what goes', () => {
  const cases: [name: string, input: string, expected: string][] = [
    ['script element and its body', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['script with odd casing', '<ScRiPt>alert(1)</sCrIpT><p>b</p>', '<p>b</p>'],
    ['img onerror', '<img src="/x.png" onerror="alert(1)">', '<img src="/x.png" />'],
    ['onclick on a paragraph', '<p onclick="alert(1)">c</p>', '<p>c</p>'],
    ['javascript: href', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['JavaScript: href in mixed case', '<a href="JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['javascript: with an encoded tab', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['javascript: with an encoded newline', '<a href="jav&#10;ascript:alert(1)">x</a>', '<a>x</a>'],
    [
      'javascript: fully entity-encoded',
      '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
      '<a>x</a>',
    ],
    ['javascript: with leading whitespace and controls', '<a href=" \u0001 javascript:alert(1)">x</a>', '<a>x</a>'],
    ['javascript: keeps the rel', '<a href="javascript:alert(1)" rel="me">x</a>', '<a rel="me">x</a>'],
    ['vbscript: href', '<a href="vbscript:msgbox(1)">x</a>', '<a>x</a>'],
    ['data: href', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<a>x</a>'],
    ['data:image in img src', '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="d"></p>', '<p></p>'],
    ['iframe', '<iframe src="https://example.com/embed"></iframe><p>d</p>', '<p>d</p>'],
    ['style element', '<style>body{display:none}</style><p>e</p>', '<p>e</p>'],
    ['style attribute', '<p style="color:red">f</p>', '<p>f</p>'],
    ['svg with onload', '<svg onload="alert(1)"><circle r="1"/></svg><p>g</p>', '<p>g</p>'],
    ['form and inputs', '<form action="/steal"><input name="p"><button>Go</button></form>', 'Go'],
    ['object and embed', '<object data="x.swf"></object><embed src="x.swf">', ''],
    ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=//evil"><base href="//evil/">', ''],
    [
      'class outside the highlight set',
      '<p class="admin">h</p><span class="hljs-x evil">i</span>',
      '<p>h</p><span class="hljs-x">i</span>',
    ],
    ['unknown tag keeps its text', '<marquee>j</marquee>', 'j'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    const html = article(input);
    expect(html).toBe(expected);
    expectHarmless(html);
  });

  it('refuses dangerous links written in markdown too', () => {
    const html = renderArticleHtml(
      '[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) ![z](data:image/png;base64,AAAA)',
      'markdown',
    );
    expectHarmless(html);
    expect(html).not.toContain('<img');
  });
});

describe('article sanitizer: what stays', () => {
  it('keeps tables, images, figures, headings with ids, blockquotes and code', () => {
    const input =
      '<h2 id="intro">Intro</h2><figure><img src="https://cdn.example.com/a.jpg" alt="A" width="10" height="20"><figcaption>Cap</figcaption></figure>' +
      '<blockquote cite="https://example.com/q"><p>Quote</p></blockquote>' +
      '<table><caption>T</caption><thead><tr><th colspan="2">H</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>' +
      '<pre><code class="hljs language-ts"><span class="hljs-keyword">let</span></code></pre>';
    expect(article(input)).toBe(input.replace('height="20">', 'height="20" />'));
  });

  it('keeps links with their rel and title, and mailto/tel/relative hrefs', () => {
    const input =
      '<a href="https://example.com/" rel="noopener" title="T">a</a> <a href="mailto:ada@example.com">m</a> <a href="tel:+123">t</a> <a href="/2024/01/x#top">r</a>';
    expect(article(input)).toBe(input);
  });

  it('keeps relative and https image sources', () => {
    expect(article('<img src="/uploads/a.png" alt="a">')).toBe('<img src="/uploads/a.png" alt="a" />');
  });
});

describe('comment sanitizer', () => {
  it('escapes raw HTML instead of rendering it', () => {
    const html = renderCommentHtml('Hello <script>alert(1)</script> <b>bold?</b> <img src=x onerror=alert(1)>');
    expect(html).toBe(
      '<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold?&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</p>\n',
    );
  });

  it('renders markdown emphasis, code, quotes and lists', () => {
    const html = renderCommentHtml('> quoted\n\n*em* **strong** `code`\n\n1. one\n2. two\n');
    expect(html).toBe(
      '<blockquote>\n<p>quoted</p>\n</blockquote>\n<p><em>em</em> <strong>strong</strong> <code>code</code></p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n',
    );
  });

  it('turns single newlines into line breaks', () => {
    expect(renderCommentHtml('line one\nline two')).toBe('<p>line one<br />\nline two</p>\n');
  });

  it('gives every link rel="nofollow ugc", replacing any rel the source had', () => {
    expect(renderCommentHtml('[site](https://example.com/) and https://spam.example')).toBe(
      '<p><a href="https://example.com/" rel="nofollow ugc">site</a> and <a href="https://spam.example" rel="nofollow ugc">https://spam.example</a></p>\n',
    );
  });

  it('refuses images, headings, tables and highlight classes', () => {
    const html = renderCommentHtml(
      '![pic](https://example.com/a.png)\n\n# Big\n\n| a |\n|---|\n| 1 |\n\n```ts\nlet a = 1;\n```\n',
    );
    expect(html).not.toMatch(/<img|<h1|<table|<td|class=/);
    expect(html).toContain('Big');
    expect(html).toContain('<pre><code>let a = 1;\n</code></pre>');
  });

  it('refuses javascript: and data: links', () => {
    for (const link of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,hi', 'vbscript:x']) {
      const html = renderCommentHtml(`[x](${link}) <${link}>`);
      expectHarmless(html);
      expect(html).not.toContain('<a');
    }
  });
});
