import { describe, it, expect } from 'vitest';
import { serializeMethodCall } from '@foxglove/xmlrpc';
import { answerXml, maxElements, parseCall, rpcDate, ZonelessDate } from '#app/xmlrpc/codec.ts';
import { Fault } from '#app/xmlrpc/fault.ts';

const callWith = (values: string) =>
  `<?xml version="1.0"?><methodCall><methodName>x.y</methodName><params>${values
    .split('|')
    .map((v) => `<param><value>${v}</value></param>`)
    .join('')}</params></methodCall>`;

async function refusal(xml: string): Promise<Fault> {
  try {
    await parseCall(xml);
  } catch (error) {
    if (error instanceof Fault) return error;
    throw error;
  }
  throw new Error('the call was accepted');
}

describe('the XML-RPC codec', () => {
  it('reads every XML-RPC type a client sends', async () => {
    const { method, params } = await parseCall(
      callWith(
        '<i4>5</i4>|<int>-7</int>|<i8>12345678901234</i8>|<boolean>1</boolean>|plain|<string>a &amp; b &lt;</string>|' +
          '<double>1.5</double>|<base64>aGVsbG8=</base64>|<BASE64>aGk=</BASE64>|<nil/>|' +
          '<struct><member><name>k</name><value><array><data><value>1</value></data></array></value></member></struct>',
      ),
    );
    expect(method).toBe('x.y');
    expect(params).toEqual([
      5,
      -7,
      '12345678901234',
      true,
      'plain',
      'a & b <',
      1.5,
      Buffer.from('hello'),
      Buffer.from('hi'),
      undefined,
      { k: ['1'] },
    ]);
  });

  it('keeps whether a date had a zone: WordPress reads a zoneless one as the blog’s wall time', async () => {
    const { params } = await parseCall(
      callWith(
        '<dateTime.iso8601>20261207T10:00:00</dateTime.iso8601>|<dateTime.iso8601>20261207T10:00:00Z</dateTime.iso8601>|' +
          '<dateTime.iso8601>2026-12-07T10:00:00+01:00</dateTime.iso8601>',
      ),
    );
    expect(params[0]).toBeInstanceOf(ZonelessDate);
    expect((params[0] as ZonelessDate).wall).toBe('2026-12-07T10:00:00');
    expect(params[1]).not.toBeInstanceOf(ZonelessDate);
    expect((params[1] as Date).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect((params[2] as Date).toISOString()).toBe('2026-12-07T09:00:00.000Z');
    expect((await refusal(callWith('<dateTime.iso8601>soon</dateTime.iso8601>'))).code).toBe(-32700);
  });

  it('writes dates as WordPress does, and strings that look like dates stay strings', () => {
    const xml = answerXml({
      at: rpcDate(new Date('2026-12-07T10:00:00Z'), 'Europe/Paris'),
      text: '2026-12-07T10:00:00.000Z',
    });
    expect(xml).toContain('<dateTime.iso8601>20261207T11:00:00</dateTime.iso8601>');
    expect(xml).toContain('<string>2026-12-07T10:00:00.000Z</string>');
  });

  it('refuses DTDs, deep nesting and too many elements before building anything', async () => {
    expect(await refusal('<!DOCTYPE x [<!ENTITY a "b">]><methodCall/>')).toMatchObject({
      message: 'DTDs are not accepted.',
    });
    expect(await refusal(callWith('<!ENTITY a "b">'))).toMatchObject({ message: 'DTDs are not accepted.' });
    const deep = callWith(`${'<array><data><value>'.repeat(40)}${'</value></data></array>'.repeat(40)}`);
    expect((await refusal(deep)).message).toMatch(/deeper than 32/);
    const many = serializeMethodCall('x', [Array.from({ length: maxElements }, (_, i) => i)]);
    expect((await refusal(many)).message).toMatch(/more than 20000 elements/);
  });

  it('lifts base64 out before parsing, and a string shaped like its marker stays a string', async () => {
    const bits = Buffer.from(Array.from({ length: 30_000 }, (_, i) => i % 256));
    const xml = serializeMethodCall('wp.uploadFile', [{ bits, name: 'folio-base64-0-0' }]);
    const { params } = await parseCall(xml);
    expect(params[0]).toEqual({ bits, name: 'folio-base64-0-0' });
  });
});
