/**
 * The ssh transport against a real sshd, behind a relay that counts TCP
 * connections: overlapping commands share one login, every command is
 * counted, one host's output streams into another host's command, and a
 * first command that cannot get a connection fails with ssh's reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTransport } from '#deploy/transport/local.ts';
import { sh } from '#deploy/transport/shell.ts';
import { SshTransport } from '#deploy/transport/ssh.ts';
import { ConnectionError } from '#deploy/transport/types.ts';
import { countingRelay, type CountingRelay } from '#test/integration/deploy/fixture.ts';
import { generateKey, startSshd, type SshdHost } from '#test/support/sshd.ts';

let dir: string;
let sshd: SshdHost;
let relay: CountingRelay;
let identityFile: string;
let knownHosts: string;
const opened: SshTransport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-transport-'));
  const client = await generateKey(dir, 'client');
  identityFile = client.privateKey;
  sshd = await startSshd(path.join(dir, 'sshd'), [client.publicKey]);
  relay = await countingRelay(sshd);
  knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${relay.knownHostsLine}\n`);
});

afterAll(async () => {
  await Promise.all(opened.map((transport) => transport.close()));
  await relay?.close();
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function transport(name: string, known = knownHosts): SshTransport {
  const controlDir = mkdtempSync(path.join(dir, 'control-'));
  const created = new SshTransport(
    { name, host: '127.0.0.1', port: relay.port, user: undefined },
    { identityFile, knownHosts: known, connectTimeout: 30, controlDir },
  );
  opened.push(created);
  return created;
}

const slow = { timeout: 60_000 };

describe('the ssh transport', () => {
  it('runs overlapping commands of one host over one connection, and counts them', slow, async () => {
    const host = transport('host-a');
    const before = relay.connections();
    const results = await Promise.all([
      host.exec(sh`sleep 0.2; echo one`),
      host.exec(sh`cat`, { input: { kind: 'text', text: 'two\n', describe: 'two' } }),
      host.exec(sh`wc -c`, {
        input: { kind: 'remote', from: new LocalTransport(), script: sh`head -c 300000 /dev/zero` },
      }),
      host.exec(sh`echo four`),
    ]);
    expect(results.map((result) => result.stdout.trim())).toEqual(['one', 'two', '300000', 'four']);
    expect(relay.connections() - before).toBe(1);
    expect(host.commands).toBe(4);
    await host.exec(sh`true`);
    expect(relay.connections() - before).toBe(1);
    expect(host.commands).toBe(5);
  });

  it("streams one host's output into another host's command, counting it on the source", slow, async () => {
    const [builder, receiver] = [transport('builder'), transport('receiver')];
    await builder.exec(sh`true`);
    const received = await receiver.exec(sh`wc -c`, {
      input: { kind: 'remote', from: builder, script: sh`head -c 1000000 /dev/zero` },
    });
    expect(received.stdout.trim()).toBe('1000000');
    expect([builder.commands, receiver.commands]).toEqual([2, 1]);
  });

  it('fails the command when the source on the other host fails, saying where', slow, async () => {
    const [source, target] = [transport('source'), transport('target')];
    const failing = target.exec(sh`cat > /dev/null`, {
      input: { kind: 'remote', from: source, script: sh`echo no such thing >&2; exit 3` },
    });
    await expect(failing).rejects.toThrow(/failed \(exit 3\): no such thing/);
    await expect(failing).rejects.toThrow(/on ssh 127\.0\.0\.1:\d+/);
  });

  it("fails the first command with ssh's own reason when there is no connection to share", slow, async () => {
    const empty = path.join(dir, 'known_hosts-empty');
    writeFileSync(empty, '');
    const host = transport('stranger', empty);
    const first = host.exec(sh`echo hello`);
    await expect(first).rejects.toThrow(ConnectionError);
    await expect(first).rejects.toThrow(
      /^refusing stranger \(127\.0\.0\.1 port \d+\): its host key is not in .*known_hosts-empty/,
    );
    expect(host.commands).toBe(0);
  });
});
