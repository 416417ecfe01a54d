/**
 * pingback.ping(sourceURI, targetURI): another blog says it links here. It
 * rides the Webmention pipeline (receive.ts: checked now, verified later by
 * fetching the source), so "the source does not link to the target"
 * (0x0011) is found by that check, not here. The fault codes are the
 * Pingback 1.0 spec's.
 */
import type { Method } from '#app/xmlrpc/call-context.ts';
import { text } from '#app/xmlrpc/params.ts';
import { Fault } from '#app/xmlrpc/fault.ts';
import { receiveWebmention } from '#app/webmention/receive.ts';

export const pingbackFaults = {
  sourceUnusable: 0x0010,
  noLinkToTarget: 0x0011,
  noSuchTarget: 0x0020,
  targetUnusable: 0x0021,
  alreadyRegistered: 0x0030,
} as const;

const ping: Method = async (params, context) => {
  const source = text(params, 0, 'sourceURI').trim();
  const target = text(params, 1, 'targetURI').trim();
  const outcome = await receiveWebmention(source, target, { baseUrl: context.site.baseUrl }, 'pingback');
  if (outcome.accepted) return `Pingback from ${source} to ${target} received; it is checked and then moderated.`;
  throw new Fault(
    outcome.status === 404 ? pingbackFaults.noSuchTarget : pingbackFaults.targetUnusable,
    outcome.message,
  );
};

export const pingbackMethods: Record<string, Method> = { 'pingback.ping': ping };
