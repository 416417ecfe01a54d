/**
 * Source pages as IndieWeb sites and Bridgy publish them (mf2 markup from
 * their own templates, trimmed), for the webmention tests.
 */

/** A reply from a personal site: h-entry with an embedded author h-card and u-in-reply-to (Known, WordPress IndieWeb). */
export function replyPage(target: string, text = 'Great post! <b>Counting</b> from one. <script>alert(1)</script>') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Re: counting</title></head>
<body>
<article class="h-entry">
  <header>
    <div class="p-author h-card">
      <img class="u-photo" src="/grace.jpg" alt=""> <a class="p-name u-url" href="/">Grace Hopper</a>
    </div>
    <p>In reply to <a class="u-in-reply-to" href="${target}">Ada's article</a></p>
  </header>
  <div class="e-content">${text}</div>
  <footer><a class="u-url" href="/2026/reply-1"><time class="dt-published" datetime="2026-12-06T10:00:00Z">6 Dec</time></a></footer>
</article>
</body></html>`;
}

/** A like backfed by Bridgy: the silo's person as author, u-like-of the target. */
export function bridgyLikePage(target: string, person = 'Alice Liker', handle = 'alice') {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=https://mastodon.example/@bob/1"></head>
<body>
<article class="h-entry">
<span class="p-uid">tag:mastodon.example,2013:1_favorited_by_${handle}</span>
<span class="p-author h-card">
  <data class="p-uid" value="tag:mastodon.example,2013:${handle}"></data>
  <a class="p-name u-url" href="https://mastodon.example/@${handle}">${person}</a>
  <img class="u-photo" src="https://files.mastodon.example/${handle}.png" alt="" />
</span>
<a class="p-name u-url" href="https://mastodon.example/@bob/1#favorited-by-${handle}"></a>
<div class="e-content p-name">likes this.</div>
<a class="u-like-of" href="${target}"></a>
</article>
</body></html>`;
}

/** A repost backfed by Bridgy, its author's photo on a javascript: URL that must never be shown. */
export function bridgyRepostPage(target: string) {
  return `<!DOCTYPE html>
<html><body>
<article class="h-entry">
<span class="p-author h-card">
  <a class="p-name u-url" href="https://mastodon.example/@carol">Carol Reposter</a>
  <img class="u-photo" src="javascript:alert(1)" alt="" />
</span>
<a class="u-url" href="https://mastodon.example/@carol/9"></a>
<div class="e-content p-name">Boosted.</div>
<a class="u-repost-of" href="${target}"></a>
</article>
</body></html>`;
}

/** A blog post that links to the target in its text: a mention, its author the page's representative h-card. */
export function mentionPage(target: string) {
  return `<!doctype html>
<html><head><title>Weekly links</title></head>
<body>
<div class="h-card"><a class="u-url p-name" href="/">Linus Links</a></div>
<main class="h-entry">
  <h1 class="p-name">Weekly links</h1>
  <div class="e-content"><p>Worth reading: <a href="${target}">an article on counting</a>.</p></div>
</main>
</body></html>`;
}

/** A page that names the target only where nobody follows it: a script, a comment, a <link>, text. */
export function noLinkPage(target: string) {
  return `<!doctype html>
<html><head><link rel="canonical" href="${target}"><script>var u = "${target}";</script></head>
<body><!-- <a href="${target}">old</a> --><p>See ${target} (not a link).</p>
<a href="${target}x">a longer URL</a></body></html>`;
}
