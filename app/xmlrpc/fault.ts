/**
 * XML-RPC faults: how a method says no. They travel as HTTP 200 with a
 * fault body (the protocol's way); only transport problems (a body too
 * large, a GET) are HTTP errors. The codes follow WordPress's server where
 * clients look at them (403 bad login, 404 no such post, 401 not allowed)
 * and the xmlrpc-epi conventions for the protocol's own errors.
 */
export class Fault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'Fault';
  }
}

/** The protocol's own errors (http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php). */
export const protocolFaults = {
  notWellFormed: -32700,
  invalidRequest: -32600,
  unknownMethod: -32601,
  badParams: -32602,
  applicationError: -32500,
} as const;

export const badLoginMessage =
  'Incorrect username or password. Desktop clients sign in with an application password ' +
  '(Admin → App passwords), never the account password.';

export const badLogin = () => new Fault(403, badLoginMessage);
export const tooManyTries = (seconds: number) =>
  new Fault(429, `Too many failed sign-ins from this address. Try again in ${seconds} seconds.`);
export const noSuchPost = () => new Fault(404, 'Invalid post ID: there is no such post, or it is not yours to edit.');
export const badParams = (message: string) => new Fault(protocolFaults.badParams, message);
