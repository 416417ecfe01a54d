// toLocaleString builds a number formatter on every call; this one is built once.
const numbers = new Intl.NumberFormat('en');

/** "1,204". */
export function count(n: number): string {
  return numbers.format(n);
}

/** "1 comment", "1,204 comments". */
export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${numbers.format(count)} ${count === 1 ? one : many}`;
}

/** A file size: "512 B", "3.4 KB", "12.0 MB". */
export function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1_048_576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1_048_576).toFixed(1)} MB`;
}
