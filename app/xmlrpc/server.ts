/**
 * The XML-RPC server: a call's text in, the answer's text out. Every
 * failure a client can cause is a fault with a clear message; anything
 * else is logged and answered with a generic fault, and a database that is
 * down is rethrown, so the app answers 503 with Retry-After as elsewhere.
 * No system.multicall: one request, one password guess.
 */
import type { Logger } from 'pino';
import { answerXml, faultXml, parseCall } from '#app/xmlrpc/codec.ts';
import { Fault, protocolFaults } from '#app/xmlrpc/fault.ts';
import type { CallContext, Method } from '#app/xmlrpc/call-context.ts';
import { postMethods } from '#app/xmlrpc/methods/posts.ts';
import { blogMethods } from '#app/xmlrpc/methods/blogs.ts';
import { mediaMethods } from '#app/xmlrpc/methods/media.ts';
import { pingbackMethods } from '#app/xmlrpc/methods/pingback.ts';
import { movableTypeMethods } from '#app/xmlrpc/methods/movable-type.ts';
import { NotFoundError, ValidationError } from '#app/models/validation.ts';
import { isDatabaseUnavailable } from '#app/database/errors.ts';

const listMethods: Method = () => Promise.resolve(methodNames());

const methods: Readonly<Record<string, Method>> = Object.freeze({
  ...postMethods,
  ...blogMethods,
  ...mediaMethods,
  ...pingbackMethods,
  ...movableTypeMethods,
  'system.listMethods': listMethods,
  'mt.supportedMethods': listMethods,
});

export function methodNames(): string[] {
  return Object.keys(methods).sort();
}

export async function answerCall(xml: string, context: CallContext, logger: Logger): Promise<string> {
  try {
    const call = await parseCall(xml);
    const method = Object.hasOwn(methods, call.method) ? methods[call.method] : undefined;
    if (!method)
      throw new Fault(
        protocolFaults.unknownMethod,
        `Unknown method "${call.method.slice(0, 100)}". system.listMethods lists the methods this blog offers.`,
      );
    return answerXml(await method(call.params, context));
  } catch (error) {
    return faultXml(asFault(error, logger));
  }
}

function asFault(error: unknown, logger: Logger): Fault {
  if (error instanceof Fault) return error;
  if (error instanceof ValidationError) return new Fault(400, error.message);
  if (error instanceof NotFoundError) return new Fault(404, error.message);
  if (isDatabaseUnavailable(error)) throw error;
  logger.error({ err: error }, 'XML-RPC call failed');
  return new Fault(
    protocolFaults.applicationError,
    'Something went wrong on our side. It has been logged; please try again later.',
  );
}
