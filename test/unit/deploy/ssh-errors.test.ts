import { describe, expect, it } from 'vitest';
import { explainSshFailure } from '#deploy/transport/ssh-errors.ts';

const target = { name: 'web1', host: '127.0.0.1', port: 2201, knownHosts: '/home/me/.ssh/known_hosts' };

// What OpenSSH 9 prints, captured from real failures.
const changed =
  '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n' +
  'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\r\nThe fingerprint for the ED25519 key sent by the remote host is\nSHA256:nNN+Cci0IS7E2oeLlDjXJU0YcPtySbuWa6IhQw1DdYs.\r\n' +
  'Host key for [127.0.0.1]:2201 has changed and you have requested strict checking.\r\nHost key verification failed.\r\n';

describe('explainSshFailure', () => {
  it('refuses a changed host key, naming the host, the file and the new fingerprint', () => {
    const message = explainSshFailure(target, changed)!;
    expect(message).toMatch(/^refusing web1 \(127\.0\.0\.1 port 2201\): its host key has CHANGED/);
    expect(message).toContain('/home/me/.ssh/known_hosts');
    expect(message).toContain('SHA256:nNN+Cci0IS7E2oeLlDjXJU0YcPtySbuWa6IhQw1DdYs');
    expect(message).toContain("-R '[127.0.0.1]:2201'");
  });

  it('refuses an unknown host key and says how to add one after checking it', () => {
    const message = explainSshFailure(
      target,
      'No ED25519 host key is known for [127.0.0.1]:2201 and you have requested strict checking.\r\nHost key verification failed.\r\n',
    )!;
    expect(message).toMatch(/its host key is not in \/home\/me\/\.ssh\/known_hosts/);
    expect(message).toContain('ssh-keyscan -p 2201 127.0.0.1');
  });

  it.each([
    ['ssh: connect to host 127.0.0.1 port 2201: Connection refused\r\n', /connection refused/],
    ['ssh: connect to host 10.1.1.1 port 22: Connection timed out\r\n', /timed out/],
    ['ssh: Could not resolve hostname nowhere: Name or service not known\r\n', /does not resolve/],
    ['root@127.0.0.1: Permission denied (publickey).\r\n', /refused our key .*never wait for a password/],
  ])('explains %j', (stderr, expected) => {
    expect(explainSshFailure(target, stderr)).toMatch(expected);
  });

  it('leaves a failing remote command alone', () => {
    expect(explainSshFailure(target, 'npm ERR! code ELIFECYCLE\n')).toBeUndefined();
  });
});
