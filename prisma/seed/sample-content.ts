/**
 * Deterministic sample content: the same N gives the same blog, byte for
 * byte, so benchmarks and screenshots are comparable. Pure: no database.
 */
export function random(seed: number): () => number {
  // mulberry32: tiny, fast, good enough for sample data.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const authors = [
  { login: 'ada', displayName: 'Ada Lovelace', email: 'ada@example.com' },
  { login: 'grace', displayName: 'Grace Hopper', email: 'grace@example.com' },
  { login: 'linus', displayName: 'Linus Pauling', email: 'linus@example.com' },
];

export const sections = [
  { name: 'Essays', slug: 'essays', style: 'blog', position: 1 },
  { name: 'Notes', slug: 'notes', style: 'blog', position: 2 },
  { name: 'Links', slug: 'links', style: 'blog', position: 3 },
  { name: 'About', slug: 'about', style: 'page', position: 4 },
] as const;

export const pages = [
  {
    title: 'About',
    slug: 'about',
    bodySource:
      'A sample blog, seeded by **Folio** for trying things out.\n\nEverything here was generated; the same seed always writes the same blog.',
  },
  {
    title: 'Colophon',
    slug: 'colophon',
    bodySource: 'Set in the system font stack. Written in Markdown. Served by Folio.',
  },
];

export const tags = [
  'ruby',
  'rails',
  'typescript',
  'javascript',
  'sqlite',
  'postgresql',
  'apache',
  'fastcgi',
  'css',
  'typography',
  'design',
  'testing',
  'deployment',
  'performance',
  'security',
  'markdown',
  'feeds',
  'caching',
  'unix',
  'networking',
  'books',
  'travel',
  'cooking',
  'music',
  'photography',
  'history',
  'mathematics',
  'writing',
  'tools',
  'open source',
];

const subjects = [
  'caching',
  'page layouts',
  'small tools',
  'plain text',
  'feeds',
  'old servers',
  'typography',
  'slow software',
  'fast pages',
  'archives',
  'tea',
  'notebooks',
  'unix pipes',
  'migrations',
  'deploys',
  'the web',
  'late trains',
  'maps',
  'good defaults',
  'bread',
];
const openers = [
  'Notes on',
  'Thinking about',
  'A short history of',
  'In praise of',
  'What I learned from',
  'Against',
  'Revisiting',
  'Field notes:',
  'The case for',
  'Ten years of',
];

const paragraphs = [
  'Most of the work in a blog engine is not in the writing but in the reading: every page is read far more often than it is written, so it pays to do the expensive part once, at save time.',
  'The trick with *caching* is not storing things, it is knowing when to throw them away. Record what each page used, and expire exactly those pages when a record changes.',
  'Plain text survives. A Markdown file written twenty years ago still opens today, and it will still open in twenty more. That is a rare property in software.',
  'When in doubt, measure. A profile is worth a thousand guesses, and the slow part is almost never where you expect it to be.',
  'A good default is a decision made once, carefully, so that a thousand people do not have to make it badly. Choose them as if nobody will ever change them.',
  'Archives are the memory of a site. A reader arriving from a search five years from now should find the page exactly where the link said it would be.',
  'Feeds are the quiet backbone of the independent web: no algorithm, no ranking, just a list of things in the order they were written.',
  'The best deploy is a boring deploy. Build the release beside the old one, switch a symlink, and keep the old one around in case you need it back.',
  'Typography is what makes text *readable* rather than merely legible: the measure, the leading, the quotes that curl the right way. It is mostly invisible when done well.',
  'A test that cannot fail is not a test. Break the code on purpose once, and watch the test go red, before you trust it to stay green.',
  'Security is mostly about defaults: escape output, check input, keep secrets out of logs, and never trust a path that came from a request.',
  'Here is a small example:\n\n```ts\nfunction slugify(title: string): string {\n  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-");\n}\n```',
  'Lists help when the points are really separate:\n\n- they read quickly;\n- they are easy to scan;\n- they hide how ideas connect, so use them sparingly.',
  '> The purpose of abstraction is not to be vague, but to create a new semantic level in which one can be absolutely precise.\n\nDijkstra said it better than most.',
  'It rained all day, so I read the manual cover to cover. Somewhere around page 300 the design finally made sense, and the rest of the afternoon was a pleasure.',
  'Small, sharp tools that do one thing each compose into systems that nobody planned and everybody can understand.',
];

const commenters = [
  'Alan',
  'Barbara',
  'Claude',
  'Dennis',
  'Edsger',
  'Frances',
  'Gerald',
  'Hedy',
  'Ivan',
  'Jean',
  'Ken',
  'Leslie',
];
const commentBodies = [
  'Thanks, this was exactly what I needed today.',
  'I tried this on my own site and the pages got **much** faster.',
  'Interesting. Have you looked at how older systems solved the same problem?',
  'I disagree with the second paragraph, but the rest is spot on.',
  'Bookmarked. The bit about defaults deserves its own article.',
  'Lovely writing, as always.',
];

export interface SampleArticle {
  title: string;
  slug: string;
  excerpt: string;
  /** The body's Markdown blocks; bodySource is them joined by blank lines. */
  paragraphs: string[];
  bodySource: string;
  publishedAt: Date;
  authorIndex: number;
  sectionIndex: number | null;
  tagIndexes: number[];
  comments: SampleComment[];
}

export interface SampleComment {
  authorName: string;
  email: string;
  bodySource: string;
  status: 'approved' | 'pending' | 'spam';
  createdAt: Date;
  ip: string;
}

/** Article i of n, published between `from` and `to`, oldest first. */
export function sampleArticle(i: number, n: number, from: Date, to: Date): SampleArticle {
  const rnd = random(i + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const span = to.getTime() - from.getTime();
  const publishedAt = new Date(from.getTime() + Math.floor((span * (i + rnd() * 0.9)) / Math.max(1, n)));
  const title = `${pick(openers)} ${pick(subjects)}`;
  const bodyParagraphs = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => pick(paragraphs));
  const commentCount = rnd() < 0.5 ? 0 : Math.floor(rnd() * 5);
  return {
    title,
    slug: `${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}-${i + 1}`,
    excerpt: rnd() < 0.3 ? bodyParagraphs[0]! : '',
    paragraphs: bodyParagraphs,
    bodySource: bodyParagraphs.join('\n\n'),
    publishedAt,
    authorIndex: Math.floor(rnd() * authors.length),
    sectionIndex: rnd() < 0.8 ? Math.floor(rnd() * 3) : null,
    tagIndexes: [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * tags.length)))],
    comments: Array.from({ length: commentCount }, (_, c) => {
      const name = pick(commenters);
      const roll = rnd();
      return {
        authorName: name,
        email: `${name.toLowerCase()}@example.org`,
        bodySource: pick(commentBodies),
        status: roll < 0.85 ? 'approved' : roll < 0.95 ? 'pending' : 'spam',
        createdAt: new Date(publishedAt.getTime() + (c + 1) * 3_600_000),
        ip: `192.0.2.${1 + Math.floor(rnd() * 250)}`,
      } satisfies SampleComment;
    }),
  };
}
