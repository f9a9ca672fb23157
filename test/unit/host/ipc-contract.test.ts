/** The IPC binding answers exactly as host.call does, and refuses a non-string operation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipcBindings, IPC_INVOKE_CHANNEL, operationNames, forwardEvents } from '../../../electron/host/ipc-contract.js';
import { IPC_CHANNELS } from '../../../electron/shell/ipc-channels.js';
import type { Host } from '../../../electron/host/host.js';

test('the invoke binding forwards to host.call and refuses a non-string operation', async () => {
  const calls: unknown[][] = [];
  let listener: ((e: string, p: unknown) => void) | null = null;
  const host = {
    call: async (...args: unknown[]) => {
      calls.push(args);
      return { ok: true, result: 'done' };
    },
    onAny: (l: (e: string, p: unknown) => void) => {
      listener = l;
      return () => (listener = null);
    },
  } as unknown as Host;
  const [binding] = ipcBindings(host);
  assert.equal(binding!.channel, IPC_INVOKE_CHANNEL);
  assert.equal(IPC_INVOKE_CHANNEL, IPC_CHANNELS.invoke, 'the shell and the host name the channel alike');
  assert.deepEqual(await binding!.handler('getVersion', {}), { ok: true, result: 'done' });
  assert.deepEqual(calls, [['getVersion', {}]]);
  const refused = await binding!.handler(42, {});
  assert.equal(refused.ok, false);
  assert.ok(operationNames().includes('getStatistics'));
  const sent: unknown[] = [];
  const off = forwardEvents(host, (m) => sent.push(m));
  listener!('imageRemoved', { id: 1, source: 's', key: 'k' });
  off();
  assert.deepEqual(sent, [{ event: 'imageRemoved', payload: { id: 1, source: 's', key: 'k' } }]);
  assert.equal(listener, null);
});
