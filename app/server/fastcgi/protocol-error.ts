/** Thrown by the FastCGI decoders on bytes that cannot be FastCGI. */
export class FastcgiProtocolError extends Error {
  override name = 'FastcgiProtocolError';
}
