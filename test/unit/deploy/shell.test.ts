import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { all, command, quote, sh } from '#deploy/transport/shell.ts';

/** What /bin/sh really makes of a script's words. */
function words(script: string): string[] {
  return execFileSync('/bin/sh', ['-c', `for word in ${script}; do printf '%s\\0' "$word"; done`], { encoding: 'utf8' })
    .split('\0')
    .slice(0, -1);
}

const hostile = [
  "it's",
  'a b',
  '$(touch /tmp/pwned)',
  '`id`',
  '"quoted"',
  'semi;colon',
  'new\nline',
  '*',
  '~root',
  '',
  '-rf',
  'back\\slash',
  "''",
  '$HOME',
  'a&&b|c>d',
];

describe('quote', () => {
  it.each(hostile)('keeps %j one literal word in sh', (value) => {
    expect(words(quote(value))).toEqual([value]);
  });

  it('leaves plainly safe words bare, for readable dry runs', () => {
    expect(quote('/var/www/folio/releases/20260514093000')).toBe('/var/www/folio/releases/20260514093000');
    expect(quote('KEY=value')).toBe('KEY=value');
  });
});

describe('sh', () => {
  it('quotes every interpolated value and keeps the literal parts', () => {
    const script = sh`printf '%s\\n' ${'a b'} ${"it's"}`;
    expect(execFileSync('/bin/sh', ['-c', script.text], { encoding: 'utf8' })).toBe("a b\nit's\n");
  });

  it('spreads arrays into quoted words and inserts built scripts as they are', () => {
    const inner = command('echo', 'x y');
    const script = sh`${['printf', '%s|']} ${hostile} && ${inner}`;
    expect(execFileSync('/bin/sh', ['-c', script.text], { encoding: 'utf8' })).toBe(
      hostile.map((value) => `${value}|`).join('') + 'x y\n',
    );
  });

  it('chains scripts with && so the first failure stops the rest', () => {
    expect(all(command('true'), command('false'), command('echo', 'never')).text).toBe('true && false && echo never');
  });
});
