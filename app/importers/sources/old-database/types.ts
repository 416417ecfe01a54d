/** An old blog's database, whichever file it came in (index.ts opens one). */
export type Cell = string | number | bigint | Buffer | null;
export type Row = Record<string, Cell>;

export interface OldDatabase {
  /** The file's name, for the source's identity when the blog does not name its address. */
  readonly fileName: string;
  readonly kind: 'sqlite' | 'mysql-dump';
  /** The tables, each with its columns in order. */
  readonly tables: ReadonlyMap<string, readonly string[]>;
  has(table: string): boolean;
  /** Every row of a small table (users, categories, join tables), in id order when it has ids. */
  all(table: string): Promise<Row[]>;
  /** A large table's rows as they come (contents, feedback), never all in memory. */
  each(table: string): AsyncIterable<Row> | Iterable<Row>;
  close(): void;
}
