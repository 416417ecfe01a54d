/**
 * Turns what OpenSSH prints when it cannot get a session into one clear
 * sentence: which host, what went wrong, what to do. Host key problems are
 * refusals, never something to click through.
 */

export interface SshTarget {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly knownHosts: string;
}

/** A message for a failed ssh session, or undefined when stderr is not ssh's own (the remote command failed). */
export function explainSshFailure(target: SshTarget, stderr: string): string | undefined {
  const where = `${target.name} (${target.host} port ${target.port})`;
  const entry = target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
  const fingerprint = /key sent by the remote host is\s+(\S+?)\.?\s/.exec(stderr)?.[1];
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/.test(stderr)) {
    return (
      `refusing ${where}: its host key has CHANGED from the one in ${target.knownHosts}` +
      `${fingerprint ? ` (it now offers ${fingerprint})` : ''}. This can be a man-in-the-middle attack. ` +
      `If the server was really reinstalled, check the new key with its administrator, then: ssh-keygen -f ${target.knownHosts} -R '${entry}' and add the new key.`
    );
  }
  if (/host key is known for|Host key verification failed|No matching host key/.test(stderr)) {
    return (
      `refusing ${where}: its host key is not in ${target.knownHosts}, and unknown hosts are never trusted silently. ` +
      `Check the fingerprint with the server's administrator, then add it: ssh-keyscan -p ${target.port} ${target.host} >> ${target.knownHosts}`
    );
  }
  if (/Permission denied \(/.test(stderr)) {
    return `${where} refused our key (Permission denied). Deploys use key authentication only and never wait for a password: check ssh.identityFile and the user's authorized_keys.`;
  }
  if (/Connection refused/.test(stderr))
    return `cannot reach ${where}: connection refused (is sshd running on that port?)`;
  if (/timed out/i.test(stderr)) return `cannot reach ${where}: the connection timed out`;
  if (/Could not resolve hostname/.test(stderr)) return `cannot reach ${where}: the hostname does not resolve`;
  if (/No route to host|Network is unreachable/.test(stderr)) return `cannot reach ${where}: no route to the host`;
  if (/Connection (closed|reset) by|kex_exchange_identification|Broken pipe/.test(stderr))
    return `${where} closed the connection: ${firstLine(stderr)}`;
  if (/^ssh: /m.test(stderr)) return `cannot reach ${where}: ${firstLine(stderr)}`;
  return undefined;
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0] ?? '';
}
