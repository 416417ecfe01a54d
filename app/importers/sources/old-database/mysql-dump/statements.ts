/**
 * A mysqldump file, read as a stream and cut into statements: each with the
 * line it starts on, comments dropped, quotes respected (a ';' or a newline
 * inside a string does not end anything). One statement is held at a time:
 * mysqldump keeps each multi-row INSERT near its --net-buffer-length (1 MB),
 * so a dump of any size reads in little memory.
 *
 * Written here rather than taken from npm: the packages that parse SQL
 * (node-sql-parser and the like) build a full syntax tree of one string
 * held in memory and are slow on megabyte INSERTs; none reads a dump as a
 * stream with line numbers. Cutting statements needs only quote and
 * comment rules, which are small.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ImportInputError } from '#app/importers/source.ts';

export interface DumpStatement {
  text: string;
  line: number;
}

type State = 'code' | 'quoted' | 'line-comment' | 'block-comment';

/** Yields the dump's statements in file order; a file that ends inside one throws ImportInputError. */
export async function* dumpStatements(
  path: string,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<DumpStatement> {
  const decoder = new StringDecoder('utf8');
  let state: State = 'code';
  let quote = '';
  let escaped = false;
  let text = '';
  // Whether the statement has begun (anything but blanks): trimming the growing text at every character would be quadratic.
  let begun = false;
  let line = 1;
  let startLine = 0;
  let bytes = 0;
  // The previous character, for "--" and "/*" and "*/", which span two characters (and may span chunks).
  let previous = '';
  let quoteLine = 0;

  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const input = decoder.write(chunk);
    const ready: DumpStatement[] = [];
    for (let i = 0; i < input.length; i++) {
      const c = input[i] as string;
      if (c === '\n') line++;
      switch (state) {
        case 'quoted':
          text += c;
          if (escaped) escaped = false;
          else if (c === '\\' && quote !== '`') escaped = true;
          else if (c === quote) state = 'code';
          break;
        case 'line-comment':
          if (c === '\n') state = 'code';
          break;
        case 'block-comment':
          if (previous === '*' && c === '/') {
            state = 'code';
            previous = '';
            continue;
          }
          break;
        case 'code':
          if (c === "'" || c === '"' || c === '`') {
            if (!begun) startLine = line;
            begun = true;
            state = 'quoted';
            quote = c;
            quoteLine = line;
            text += c;
          } else if (c === '-' && previous === '-') {
            text = text.slice(0, -1);
            begun = text.trim() !== '';
            state = 'line-comment';
          } else if (c === '#' && !begun) {
            state = 'line-comment';
          } else if (c === '*' && previous === '/') {
            text = text.slice(0, -1);
            begun = text.trim() !== '';
            state = 'block-comment';
            previous = '';
            continue;
          } else if (c === ';') {
            const statement = begun ? text.trim() : '';
            if (statement) ready.push({ text: statement, line: startLine });
            text = '';
            begun = false;
          } else {
            if (!begun && c.trim()) {
              startLine = line;
              begun = true;
            }
            text += c;
          }
          break;
      }
      previous = c;
    }
    onBytes?.(bytes);
    yield* ready;
  }
  text += decoder.end();
  if (state === 'quoted') {
    throw new ImportInputError(
      `the dump ends inside a quoted value opened here: is the file complete (a truncated download)?`,
      quoteLine,
    );
  }
  if (begun && text.trim()) {
    throw new ImportInputError(
      'the dump ends inside a statement that has no closing ";": is the file complete (a truncated download)?',
      startLine,
    );
  }
}
