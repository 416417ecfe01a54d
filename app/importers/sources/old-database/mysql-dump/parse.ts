/**
 * The two statements of a mysqldump that carry data: CREATE TABLE (for the
 * column names, in order) and INSERT INTO ... VALUES (...),(...) (the rows).
 * Values follow MySQL's literal rules: '...' or "..." strings with backslash
 * escapes and doubled quotes, NULL, numbers, _binary/_utf8mb4 introducers,
 * X'..' and 0x.. hex, TRUE/FALSE.
 */
import { ImportInputError } from '#app/importers/source.ts';
import type { DumpStatement } from '#app/importers/sources/old-database/mysql-dump/statements.ts';

export type DumpValue = string | number | null;

export interface CreateTable {
  table: string;
  columns: string[];
}

export interface Insert {
  table: string;
  /** The statement's own column list (mysqldump --complete-insert), when it has one. */
  columns?: string[];
  rows: DumpValue[][];
}

const identifier = String.raw`(?:\x60((?:[^\x60]|\x60\x60)+)\x60|"([^"]+)"|([A-Za-z0-9_$]+))`;
const createTable = new RegExp(
  String.raw`^CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:${identifier}\.)?${identifier}\s*\(`,
  'i',
);
const insertInto = new RegExp(
  String.raw`^(?:INSERT|REPLACE)(?:\s+(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE))*\s+(?:INTO\s+)?(?:${identifier}\.)?${identifier}\s*`,
  'i',
);
const notColumns = /^(PRIMARY|KEY|UNIQUE|INDEX|CONSTRAINT|FULLTEXT|SPATIAL|FOREIGN|CHECK)\b/i;

function identifierFrom(match: RegExpMatchArray, offset: number): string {
  const name = match[offset] ?? match[offset + 1] ?? match[offset + 2] ?? '';
  return name.replace(/``/g, '`');
}

export function parseCreateTable(statement: DumpStatement): CreateTable | null {
  const match = createTable.exec(statement.text);
  if (!match) return null;
  const table = identifierFrom(match, 4);
  const body = statement.text.slice(match[0].length);
  const columns: string[] = [];
  for (const part of topLevelParts(body)) {
    const definition = part.trim();
    if (!definition || notColumns.test(definition)) continue;
    const name = /^(?:\x60((?:[^\x60]|\x60\x60)+)\x60|"([^"]+)"|([A-Za-z0-9_$]+))/.exec(definition);
    if (name) columns.push((name[1] ?? name[2] ?? name[3] ?? '').replace(/``/g, '`'));
  }
  return { table, columns };
}

/** The comma-separated parts of a parenthesised list, up to its closing parenthesis. */
function topLevelParts(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(body, i);
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) {
        parts.push(body.slice(start, i));
        return parts;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function skipQuoted(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== '`') i++;
    else if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i;
    }
  }
  return text.length;
}

export function parseInsert(statement: DumpStatement): Insert | null {
  const match = insertInto.exec(statement.text);
  if (!match) return null;
  const table = identifierFrom(match, 4);
  const reader = new ValueReader(statement, match[0].length);
  let columns: string[] | undefined;
  if (reader.peek() === '(') {
    columns = reader.columnList();
  }
  reader.keyword(/^VALUES?\b/i, 'VALUES');
  const rows: DumpValue[][] = [];
  do {
    rows.push(reader.tuple());
  } while (reader.comma());
  reader.end();
  return { table, columns, rows };
}

const escapes: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** Reads one INSERT's values from left to right; a malformed value names the line it is on. */
class ValueReader {
  private readonly text: string;
  private at: number;

  constructor(
    private readonly statement: DumpStatement,
    start: number,
  ) {
    this.text = statement.text;
    this.at = start;
  }

  peek(): string {
    this.space();
    return this.text[this.at] ?? '';
  }

  keyword(pattern: RegExp, name: string): void {
    this.space();
    const match = pattern.exec(this.text.slice(this.at, this.at + 16));
    if (!match) this.fail(`expected ${name}`);
    this.at += match[0].length;
  }

  columnList(): string[] {
    this.expect('(');
    const columns: string[] = [];
    for (;;) {
      this.space();
      const match = /^(?:\x60((?:[^\x60]|\x60\x60)+)\x60|"([^"]+)"|([A-Za-z0-9_$]+))/.exec(
        this.text.slice(this.at, this.at + 300),
      );
      if (!match) this.fail('expected a column name');
      columns.push((match[1] ?? match[2] ?? match[3] ?? '').replace(/``/g, '`'));
      this.at += match[0].length;
      if (!this.comma()) break;
    }
    this.expect(')');
    return columns;
  }

  tuple(): DumpValue[] {
    this.expect('(');
    const values: DumpValue[] = [];
    if (this.peek() === ')') {
      this.at++;
      return values;
    }
    do {
      values.push(this.value());
    } while (this.comma());
    this.expect(')');
    return values;
  }

  comma(): boolean {
    if (this.peek() !== ',') return false;
    this.at++;
    return true;
  }

  end(): void {
    this.space();
    if (this.at < this.text.length) this.fail('unexpected text after the last row');
  }

  private value(): DumpValue {
    this.space();
    const rest = this.text.slice(this.at, this.at + 64);
    const introducer = /^_[A-Za-z0-9]+\s*(?=['"xX0])/.exec(rest);
    if (introducer) this.at += introducer[0].length;
    const c = this.text[this.at];
    if (c === "'" || c === '"') return this.quoted(c);
    const hex = this.hex();
    if (hex !== null) return hex;
    const word = /^(?:NULL|TRUE|FALSE|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![A-Za-z0-9_])/i.exec(rest);
    if (!word) this.fail('expected a value (a quoted string, a number or NULL)');
    this.at += word[0].length;
    const upper = word[0].toUpperCase();
    if (upper === 'NULL') return null;
    if (upper === 'TRUE') return 1;
    if (upper === 'FALSE') return 0;
    const number = Number(word[0]);
    // Integers past 2^53 (a BIGINT id) stay exact as text.
    return Number.isSafeInteger(number) || !/^[-+]?\d+$/.test(word[0]) ? number : word[0];
  }

  /** X'4869' or 0x4869 (mysqldump --hex-blob): the bytes, read as UTF-8 text. */
  private hex(): string | null {
    const text = this.text;
    let digits: RegExpExecArray | null = null;
    if ((text[this.at] === 'x' || text[this.at] === 'X') && text[this.at + 1] === "'") {
      const close = text.indexOf("'", this.at + 2);
      digits = close < 0 ? null : /^[0-9a-fA-F]*$/.exec(text.slice(this.at + 2, close));
      if (digits) this.at = close + 1;
    } else if (text[this.at] === '0' && text[this.at + 1] === 'x') {
      let end = this.at + 2;
      while (end < text.length && /[0-9a-fA-F]/.test(text[end] as string)) end++;
      digits = end > this.at + 2 ? /.*/.exec(text.slice(this.at + 2, end)) : null;
      if (digits) this.at = end;
    }
    return digits ? Buffer.from(digits[0], 'hex').toString('utf8') : null;
  }

  private quoted(quote: string): string {
    let out = '';
    let i = this.at + 1;
    const text = this.text;
    for (;;) {
      const next = nextSpecial(text, i, quote);
      if (next < 0) this.fail('a quoted value is not closed');
      out += text.slice(i, next);
      const c = text[next];
      if (c === '\\') {
        const escaped = text[next + 1];
        if (escaped === undefined) this.fail('a quoted value is not closed');
        // MySQL keeps \% and \_ as written (they escape LIKE patterns); other unknown escapes drop the backslash.
        out += escapes[escaped] ?? (escaped === '%' || escaped === '_' ? `\\${escaped}` : escaped);
        i = next + 2;
      } else if (text[next + 1] === quote) {
        out += quote;
        i = next + 2;
      } else {
        this.at = next + 1;
        return out;
      }
    }
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected "${c}"`);
    this.at++;
  }

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at++;
  }

  private fail(message: string): never {
    // The line within the statement: the statement's first line plus the newlines before the fault.
    let line = this.statement.line;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < this.at; i = this.text.indexOf('\n', i + 1)) line++;
    const near = this.text.slice(this.at, this.at + 40).replace(/\s+/g, ' ');
    throw new ImportInputError(`${message} in an INSERT into the dump, near "${near}"`, line);
  }
}

function nextSpecial(text: string, from: number, quote: string): number {
  const backslash = text.indexOf('\\', from);
  const close = text.indexOf(quote, from);
  if (close < 0) return -1;
  return backslash >= 0 && backslash < close ? backslash : close;
}
