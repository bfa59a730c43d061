import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendEvent } from '../../src/backends/backend-event.js';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { EtcdV2Client } from '../../src/backends/etcd-v2/client.js';
import { BackendError } from '../../src/errors.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { waitFor } from '../support/wait-for.js';
import { WatchTap } from './watch-tap.js';

describe('etcd v2 with auth enabled', () => {
  let etcd: EtcdCluster;
  let admin: EtcdV2Client;
  const opts = () => ({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 2_000 });

  beforeAll(async () => {
    etcd = await startEtcd();
    const url = etcd.endpoints[0] ?? '';
    const call = async (path: string, body?: unknown, auth?: string): Promise<void> => {
      const res = await fetch(url + path, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    };
    // v2 auth: a root user, auth on, and the guest role (anonymous requests) stripped of its default access.
    await call('/v2/auth/users/root', { user: 'root', password: 'rootpw' });
    await call('/v2/auth/enable');
    await call('/v2/auth/roles/guest', { role: 'guest', revoke: { kv: { read: ['/*'], write: ['/*'] } } }, 'root:rootpw');
    admin = new EtcdV2Client({ ...opts(), user: 'root:rootpw' });
    await admin.putV2('/secure/db/url', 'db.internal');
  });
  afterAll(async () => {
    admin.close();
    await etcd.stop();
  });

  it('reads and watches with --user name:password as HTTP basic auth', async () => {
    const source = createEtcdV2Source({ ...opts(), user: 'root:rootpw' });
    const controller = new AbortController();
    try {
      const snap = await source.snapshot(['/secure'], { signal: controller.signal });
      expect(Object.fromEntries(snap.keys)).toEqual({ '/secure/db/url': 'db.internal' });
      const tap = new WatchTap(source.watch(['/secure'], snap.revision, { signal: controller.signal }));
      await admin.putV2('/secure/db/url', 'db2.internal');
      await tap.put('/secure/db/url', 'db2.internal');
      controller.abort();
      await tap.done;
    } finally {
      await source.close();
    }
  });

  it('refuses an anonymous snapshot with an error naming the key', async () => {
    const source = createEtcdV2Source(opts());
    try {
      const error: unknown = await source.snapshot(['/secure'], { signal: new AbortController().signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(error).toMatchObject({ code: 'ETCD_AUTH_FAILED', key: '/secure', message: expect.stringContaining('without credentials') });
    } finally {
      await source.close();
    }
  });

  it('keeps retrying a watch with wrong credentials, reporting each failure, until aborted', async () => {
    const events: BackendEvent[] = [];
    const source = createEtcdV2Source({
      ...opts(),
      user: 'root:wrong',
      backoff: { initialMs: 10, maxMs: 50, jitter: 'equal' },
      onEvent: (e) => events.push(e),
    });
    const controller = new AbortController();
    const tap = new WatchTap(source.watch(['/secure'], 1n, { signal: controller.signal }));
    try {
      await waitFor(() => events.filter((e) => e.type === 'retry').length >= 2, 'two retries');
      expect(events.find((e) => e.type === 'retry')?.error).toMatchObject({
        code: 'ETCD_AUTH_FAILED',
        message: expect.stringContaining('as user "root"'),
      });
    } finally {
      controller.abort();
      await tap.done;
      await source.close();
    }
    expect(tap.error).toBeUndefined();
    expect(tap.items).toEqual([]);
  });
});
