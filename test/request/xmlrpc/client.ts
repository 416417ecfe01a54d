/**
 * A small XML-RPC client over supertest for the request tests: calls are
 * written by the library's serializer (a real client's shape), answers read
 * by its deserializer; a fault comes back as { fault: { code, message } }.
 * Raw XML (zoneless dates, hostile documents) goes through `post`.
 */
import request from 'supertest';
import type { Express } from 'express';
import { Deserializer, serializeMethodCall, XmlRpcFault, type XmlRpcValue } from '@foxglove/xmlrpc';
import { createAppPassword } from '#app/models/app-password.ts';
import type { User } from '#app/models/db.ts';

export type Answer = { value: XmlRpcValue } | { fault: { code: number; message: string } };

export async function post(app: Express, xml: string, contentType = 'text/xml') {
  return request(app).post('/xmlrpc').set('Content-Type', contentType).send(xml);
}

export async function call(app: Express, method: string, ...params: XmlRpcValue[]): Promise<Answer> {
  return answerOf(await post(app, serializeMethodCall(method, params)));
}

/** The value, failing the test with the fault's message if there was one. */
export async function value(app: Express, method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
  const answer = await call(app, method, ...params);
  if ('fault' in answer) throw new Error(`${method} faulted: ${answer.fault.code} ${answer.fault.message}`);
  return answer.value;
}

export async function answerOf(response: request.Response): Promise<Answer> {
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.text}`);
  try {
    return { value: await new Deserializer().deserializeMethodResponse(response.text) };
  } catch (error) {
    if (error instanceof XmlRpcFault) return { fault: { code: error.code ?? 0, message: error.faultString ?? '' } };
    throw error;
  }
}

/** An application password for `user`, as the admin makes one. */
export async function appPasswordFor(user: User, name = 'Desktop editor'): Promise<string> {
  return (await createAppPassword(user.id, name)).secret;
}
