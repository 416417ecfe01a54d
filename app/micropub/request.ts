/**
 * A Micropub POST, whatever its encoding (form-encoded, multipart or JSON),
 * as one shape: the action, the object's type and its properties, each a
 * list of values as in microformats2 JSON (W3C Micropub §3.3 and §3.8).
 */
import type { Request } from 'express';
import { invalidRequest } from '#app/micropub/errors.ts';

export type Properties = Record<string, unknown[]>;

export type MicropubAction =
  | { action: 'create'; type: string; properties: Properties }
  | { action: 'update'; url: string; replace: Properties; add: Properties; delete: string[] | Properties }
  | { action: 'delete' | 'undelete'; url: string };

/** Names a form or a JSON object uses for the request itself, not for the post. */
const reserved = new Set(['access_token', 'h', 'action', 'url']);

export function readMicropubRequest(req: Request): MicropubAction {
  const body: unknown = req.body;
  if (!isObject(body)) throw invalidRequest('The request has no body: send a form or a JSON object.');
  return req.is('application/json') ? fromJson(body) : fromForm(body);
}

/** `h=entry&content=…&category[]=a&category[]=b`; a single `category=a` is a list of one. */
function fromForm(body: Record<string, unknown>): MicropubAction {
  const fields: Properties = {};
  for (const [rawKey, value] of Object.entries(body)) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string');
    fields[key] = [...(fields[key] ?? []), ...values];
  }
  const action = first(fields.action);
  if (action) return targeted(action, first(fields.url));
  const h = first(fields.h) ?? 'entry';
  const properties = Object.fromEntries(Object.entries(fields).filter(([key]) => !reserved.has(key)));
  return { action: 'create', type: `h-${h}`, properties };
}

/** `{"type": ["h-entry"], "properties": {…}}`, or `{"action": "update", "url": …, "replace": {…}}`. */
function fromJson(body: Record<string, unknown>): MicropubAction {
  if (body.action !== undefined) {
    if (typeof body.action !== 'string') throw invalidRequest('“action” must be a string.');
    const url = typeof body.url === 'string' ? body.url : undefined;
    if (body.action !== 'update') return targeted(body.action, url);
    const update = targeted('update', url) as { url: string };
    const del = body.delete ?? [];
    return {
      action: 'update',
      url: update.url,
      replace: propertiesIn(body.replace ?? {}, 'replace'),
      add: propertiesIn(body.add ?? {}, 'add'),
      delete: Array.isArray(del)
        ? del.map((name) => {
            if (typeof name !== 'string') throw invalidRequest('“delete” lists property names (strings).');
            return name;
          })
        : propertiesIn(del, 'delete'),
    };
  }
  const type: unknown = Array.isArray(body.type) ? (body.type as unknown[])[0] : body.type;
  if (typeof type !== 'string') throw invalidRequest('A JSON request needs a “type”, such as ["h-entry"].');
  return { action: 'create', type, properties: propertiesIn(body.properties ?? {}, 'properties') };
}

function targeted(action: string, url: string | undefined): MicropubAction {
  if (action === 'create') throw invalidRequest('To create a post, send its properties without an “action”.');
  if (action !== 'update' && action !== 'delete' && action !== 'undelete')
    throw invalidRequest(`Unknown action “${action}”: this endpoint supports update, delete and undelete.`);
  if (!url) throw invalidRequest(`The ${action} action needs the post’s “url”.`);
  return action === 'update' ? { action, url, replace: {}, add: {}, delete: [] } : { action, url };
}

/** An object of property name → list of values; anything else is the client's error. */
function propertiesIn(value: unknown, what: string): Properties {
  if (!isObject(value)) throw invalidRequest(`“${what}” must be an object of properties.`);
  const properties: Properties = {};
  for (const [name, values] of Object.entries(value)) {
    if (!Array.isArray(values))
      throw invalidRequest(`Each property in “${what}” must be a list of values (“${name}” is not).`);
    properties[name] = values;
  }
  return properties;
}

function first(values: unknown[] | undefined): string | undefined {
  const value = values?.[0];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
