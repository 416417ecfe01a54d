import { describe, it, expect } from 'vitest';
import { addAttachment, emptyAttachmentIndex, rewriteLinks } from '#app/importers/writer/links.ts';
import { commentHtml } from '#app/importers/writer/comments.ts';

describe('attachment links', () => {
  const index = emptyAttachmentIndex();
  addAttachment(index, 'https://old.example/wp-content/uploads/2009/05/cat.jpg', '2026/01/0123456789abcdef.jpg');
  addAttachment(index, 'https://old.example/files/report.pdf', '2026/01/fedcba9876543210.pdf');

  it('points old URLs, relative or absolute, at the upload', () => {
    expect(rewriteLinks('<a href="https://www.old.example/wp-content/uploads/2009/05/cat.jpg">', index)).toBe(
      '<a href="/uploads/2026/01/0123456789abcdef.jpg">',
    );
    expect(rewriteLinks('![cat](/wp-content/uploads/2009/05/cat.jpg)', index)).toBe(
      '![cat](/uploads/2026/01/0123456789abcdef.jpg)',
    );
    expect(rewriteLinks("<a href='//old.example/files/report.pdf'>", index)).toBe(
      "<a href='/uploads/2026/01/fedcba9876543210.pdf'>",
    );
  });

  it('gives WordPress’s resized copies the medium variant', () => {
    expect(rewriteLinks('<img src="http://old.example/wp-content/uploads/2009/05/cat-300x200.jpg">', index)).toBe(
      '<img src="/uploads/2026/01/0123456789abcdef-medium.jpg">',
    );
  });

  it('leaves other sites and other files alone', () => {
    const text =
      '<img src="https://elsewhere.example/wp-content/uploads/2009/05/cat.jpg"> /wp-content/uploads/dog.jpg and/or';
    expect(rewriteLinks(text, index)).toBe(text);
  });
});

describe('imported comment bodies', () => {
  it('keeps plain text’s paragraphs and line breaks, sanitized', () => {
    expect(commentHtml('One\ntwo\n\n<b>Three</b><script>x()</script>')).toBe('<p>One<br />\ntwo</p>\n<p>Three</p>');
  });

  it('starts a reply with whom it answered, escaped', () => {
    expect(commentHtml('<p>Yes</p>', 'Bob <b>')).toBe('<p><em>In reply to Bob &lt;b&gt;:</em></p>\n<p>Yes</p>');
  });
});
