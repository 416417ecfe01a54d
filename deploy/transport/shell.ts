/**
 * Remote commands are built here and only here. A `Shell` is a POSIX sh
 * script whose every variable part went through `quote`: the `sh` tag
 * quotes each interpolated value, so a path, a branch name or a user's
 * `invoke` argument can never become shell syntax. Literal text in the
 * templates is our own code.
 */

/** A shell script that is safe to run: built by `sh` or `command`, never from a raw string. */
export class Shell {
  /** @internal use `sh` or `command`. */
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

export type ShellValue = string | number | Shell | readonly (string | number | Shell)[];

/** Quotes one word for POSIX sh: left bare when it is plainly safe, else single-quoted. */
export function quote(value: string | number): string {
  const text = String(value);
  if (/^[A-Za-z0-9_/.,:=@%+-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A tag: `sh\`cd ${dir} && ls ${name}\`` quotes `dir` and `name`; arrays become quoted words; Shells go in as they are. */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): Shell {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Shell(text);
}

/** One command from its argv, each word quoted. */
export function command(...argv: (string | number)[]): Shell {
  return new Shell(argv.map(quote).join(' '));
}

/** Runs the scripts in turn, stopping at the first that fails. */
export function all(...scripts: Shell[]): Shell {
  return new Shell(scripts.map((script) => script.text).join(' && '));
}

/** A fixed piece of script with no variable parts (a constant in our code). */
export function literal(text: string): Shell {
  return new Shell(text);
}

function render(value: ShellValue): string {
  if (value instanceof Shell) return value.text;
  if (Array.isArray(value)) return value.map((item) => render(item as ShellValue)).join(' ');
  return quote(value as string | number);
}
