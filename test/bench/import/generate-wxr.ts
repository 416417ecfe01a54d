/**
 * Writes a large WXR 1.2 export (WordPress 6 style) to a file, streaming,
 * for the import benchmark (test/bench/import.ts) and the WXR source's
 * streaming test: `posts` posts of about `bodyBytes` each, classic and
 * block bodies alternating, with categories, tags and a few comments each.
 * 20,000 posts of 4,500 bytes make about 100 MB.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface GeneratedWxr {
  bytes: number;
  posts: number;
  comments: number;
}

export async function generateWxr(path: string, posts: number, bodyBytes = 4500): Promise<GeneratedWxr> {
  const out = createWriteStream(path);
  let bytes = 0;
  let comments = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(header());
  const paragraph =
    'Grüße aus dem Garten — a paragraph of an old post, with <em>markup</em> & an entity &amp; emoji 🌱. ';
  const body = paragraph.repeat(Math.max(1, Math.floor(bodyBytes / 2 / Buffer.byteLength(paragraph))));
  for (let id = 1; id <= posts; id++) {
    const count = id % 4;
    comments += count;
    await write(item(id, body, count));
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return { bytes, posts, comments };
}

function header(): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Generated blog</title>
	<link>https://big.example.com</link>
	<description>Benchmark export</description>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://big.example.com</wp:base_site_url>
	<wp:base_blog_url>https://big.example.com</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[writer]]></wp:author_login><wp:author_email><![CDATA[writer@big.example.com]]></wp:author_email><wp:author_display_name><![CDATA[Writer]]></wp:author_display_name></wp:author>
${Array.from({ length: 20 }, (_, i) => `	<wp:category><wp:term_id>${i + 2}</wp:term_id><wp:category_nicename><![CDATA[topic-${i}]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Topic ${i}]]></wp:cat_name></wp:category>`).join('\n')}
`;
}

function item(id: number, body: string, commentCount: number): string {
  const day = new Date(Date.UTC(2005, 0, 1) + id * 3_600_000 * 7);
  const gmt = day.toISOString().slice(0, 19).replace('T', ' ');
  const local = new Date(day.getTime() + 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  const path = `${local.slice(0, 4)}/${local.slice(5, 7)}/${local.slice(8, 10)}`;
  const content =
    id % 2 === 0
      ? `<!-- wp:paragraph -->\n<p>${body}</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>${body}</p>\n<!-- /wp:paragraph -->`
      : `${body}\n\n${body}`;
  let comments = '';
  for (let c = 0; c < commentCount; c++) {
    const cid = id * 10 + c;
    comments += `		<wp:comment>
			<wp:comment_id>${cid}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader ${c}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader${c}@example.org]]></wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.${c + 1}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[${local}]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[${gmt}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Comment ${c} on post ${id}.\n\nThanks!]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>${c > 0 ? cid - 1 : 0}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
`;
  }
  return `	<item>
		<title><![CDATA[Post number ${id}]]></title>
		<link>https://big.example.com/${path}/post-number-${id}/</link>
		<pubDate>${day.toUTCString()}</pubDate>
		<dc:creator><![CDATA[writer]]></dc:creator>
		<guid isPermaLink="false">https://big.example.com/?p=${id}</guid>
		<description></description>
		<content:encoded><![CDATA[${content}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date><![CDATA[${local}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[${gmt}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[post-number-${id}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="topic-${id % 20}"><![CDATA[Topic ${id % 20}]]></category>
		<category domain="post_tag" nicename="tag-${id % 300}"><![CDATA[Tag ${id % 300}]]></category>
${comments}	</item>
`;
}
