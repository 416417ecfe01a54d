/** What every method gets besides its parameters: who is calling from where, and the blog it talks to. */
import type { Config } from '#config/environment.ts';
import type { RpcValue } from '#app/xmlrpc/codec.ts';
import type { RpcAnswer } from '#app/xmlrpc/codec.ts';
import type { Site } from '#app/xmlrpc/post-struct.ts';
import { authenticateAppPassword, clientBlockedFor, type ApiClient } from '#app/models/app-password.ts';
import { badLogin, tooManyTries } from '#app/xmlrpc/fault.ts';
import { text } from '#app/xmlrpc/params.ts';

export interface CallContext {
  readonly ip: string;
  readonly config: Config;
  readonly site: Site;
  readonly blogName: string;
}

export type Method = (params: RpcValue[], context: CallContext) => Promise<RpcAnswer>;

/**
 * The (username, password) pair at these positions, as an application
 * password; the account password never signs a client in (the model only
 * knows application passwords), and both failures read the same. Past the
 * sign-in throttle's limit the fault says how long to wait instead.
 */
export async function signIn(
  params: RpcValue[],
  at: { user: number; password: number },
  context: CallContext,
): Promise<ApiClient> {
  const login = text(params, at.user, 'username');
  const password = text(params, at.password, 'password');
  const client = await authenticateAppPassword(login, password, context.ip);
  if (client) return client;
  // A client that is only being throttled should say so, not send its owner hunting for a typo.
  const wait = await clientBlockedFor(context.ip, login);
  if (wait > 0) throw tooManyTries(wait);
  throw badLogin();
}
