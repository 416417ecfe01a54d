import { describe, it, expect } from 'vitest';
import { decodeText } from '#app/net/charset.ts';

describe('decodeText', () => {
  const curly = Buffer.from([0x93, 0x63, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x80, 0x35, 0x20, 0x97, 0x20, 0x81]);

  it('reads windows-1252 (and the labels that mean it) with its curly quotes, dashes and euro', () => {
    for (const label of ['windows-1252', 'iso-8859-1', 'latin1', 'us-ascii', 'CP1252'])
      expect(decodeText(curly, `text/html; charset=${label}`)).toBe('“café” €5 — \u0081');
  });

  it('reads other charsets TextDecoder knows', () => {
    expect(decodeText(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), 'text/plain; charset=windows-1251')).toBe(
      'Привет',
    );
    expect(decodeText(Buffer.from([0x93, 0xfa, 0x96, 0x7b]), 'text/html;charset="Shift_JIS"')).toBe('日本');
  });

  it('falls back to UTF-8 when no charset, an unknown one or no Content-Type is named', () => {
    const utf8 = Buffer.from('“café”');
    expect(decodeText(utf8, 'text/html')).toBe('“café”');
    expect(decodeText(utf8, 'text/html; charset=klingon')).toBe('“café”');
    expect(decodeText(utf8, null)).toBe('“café”');
  });

  it('drops a UTF-8 byte order mark and replaces bytes that are not UTF-8', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69, 0xff]), 'text/plain; charset=utf-8')).toBe('hi\ufffd');
  });
});
