import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOldDatabase } from '#app/importers/sources/old-database/index.ts';
import { ImportInputError } from '#app/importers/source.ts';
import { scratchDir } from '#test/support/old-database.ts';

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.cleanup());

async function dumpOf(text: string, name = 'dump.sql'): Promise<string> {
  const path = join(scratch.dir, name);
  await writeFile(path, text);
  return path;
}

describe('reading a MySQL dump', () => {
  it("reads MySQL's literals: escapes, doubled quotes, NULL, numbers, introducers, hex, utf8mb4, and column lists", async () => {
    const path = await dumpOf(
      [
        '-- comment; with a semicolon',
        '# another comment',
        'CREATE TABLE `t` (',
        '  `id` int(11) NOT NULL,',
        "  `s` varchar(255) DEFAULT 'a,b',",
        '  `n` decimal(10,2),',
        '  PRIMARY KEY (`id`),',
        '  KEY `k` (`s`,`n`)',
        ') ENGINE=InnoDB /*!50100 PARTITION BY HASH(id) */;',
        String.raw`INSERT INTO t VALUES (1,'It\'s \"q\" \\ \n\t\0 \% \_ ''x''',-1.5),(2,NULL,1e3),(3,_binary 'bin',0x48C3A9),(4,X'f09f8e89',TRUE),(5,_utf8mb4'🎉 naïve',9007199254740993);`,
        'INSERT IGNORE INTO `t` (`n`, `id`, `s`) VALUES (7, 6, "double \\"quoted\\"; \'single\'");',
        '/*!40000 ALTER TABLE `t` ENABLE KEYS */;',
      ].join('\n'),
    );
    const db = await openOldDatabase(path, 'Typo');
    expect(db.tables.get('t')).toEqual(['id', 's', 'n']);
    expect(await db.all('t')).toEqual([
      { id: 1, s: "It's \"q\" \\ \n\t\0 \\% \\_ 'x'", n: -1.5 },
      { id: 2, s: null, n: 1000 },
      { id: 3, s: 'bin', n: 'Hé' },
      { id: 4, s: '🎉', n: 1 },
      { id: 5, s: '🎉 naïve', n: '9007199254740993' },
      { id: 6, s: 'double "quoted"; \'single\'', n: 7 },
    ]);
  });

  it('streams the large tables in a pass of their own, in file order', async () => {
    const path = await dumpOf(
      "CREATE TABLE `contents` (`id` int, `body` text);\nINSERT INTO `contents` VALUES (2,'b;'),(1,'a');\nINSERT INTO `contents` VALUES (3,'line\nbreak');\n",
      'large.sql',
    );
    const db = await openOldDatabase(path, 'Typo');
    const rows = [];
    for await (const row of db.each('contents')) rows.push(row);
    expect(rows).toEqual([
      { id: 2, body: 'b;' },
      { id: 1, body: 'a' },
      { id: 3, body: 'line\nbreak' },
    ]);
  });

  it('names the line of a row with too few values, rows before their table, and text that is no SQL', async () => {
    const cases: [string, number, RegExp][] = [
      [
        'CREATE TABLE `t` (`a` int, `b` int);\n\nINSERT INTO `t` VALUES (1,2),\n(3);',
        3,
        /1 values where the table has 2/,
      ],
      ['INSERT INTO `t` VALUES (1);', 1, /before its CREATE TABLE/],
      ['Hello, this is a letter;', 1, /not a MySQL dump/],
      ["CREATE TABLE `t` (`a` text);\nINSERT INTO `t` VALUES ('unclosed);\n", 2, /truncated/],
      ['CREATE TABLE `t` (`a` int);\nINSERT INTO `t` VALUES (1)', 2, /no closing ";"/],
    ];
    for (const [text, line, message] of cases) {
      const error: unknown = await openOldDatabase(await dumpOf(text, 'bad.sql'), 'Typo').catch(
        (caught: unknown) => caught,
      );
      expect(error, text).toBeInstanceOf(ImportInputError);
      expect((error as ImportInputError).line, text).toBe(line);
      expect((error as Error).message, text).toMatch(message);
    }
  });

  it('points a pg_dump at what to do instead', async () => {
    const error: unknown = await openOldDatabase(
      await dumpOf('--\n-- PostgreSQL database dump\n--\nCOPY contents FROM stdin;\n', 'pg.sql'),
      'Typo',
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/PostgreSQL dump/);
  });
});
