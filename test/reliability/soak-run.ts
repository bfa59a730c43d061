// The chaos soak: a 3-member etcd, a writer (puts, deletes, multi-key txns), `confetti watch`, and faults
// (member stop/kill/pause, compaction, a frozen confetti). Invariants are checked while it runs and at the end.
import { stat, writeFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { Gateway, logLines, parseEtcdctlGet, sha256, spawnCli, stageFiles, type CliChild } from './support.js';

export interface SoakOptions {
  dir: string;
  durationMs: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  durationMs: number;
  ops: { puts: number; deletes: number; txns: number; failed: number };
  faults: Record<string, number>;
  observedVersions: number;
  checksAccepted: number;
  checksRejected: number;
  writesRecorded: number;
  reloads: number;
  stageFilesSeen: number;
  convergeMs: number;
  /** 'history lost' resyncs confetti logged (compaction overtook its watch). */
  resyncs: number;
  violations: string[];
}

const A = 'A\n{{#each (gets "/soak/a/*")}}{{key}}={{value}}\n{{/each}}T\n{{#each (gets "/soak/t/*")}}{{key}}={{value}}\n{{/each}}';
const B = '{{#each (gets "/soak/b/*")}}{{key}}={{value}}\n{{/each}}';
const ALL = '{{#each (gets "/soak/*/*")}}{{key}}={{value}}\n{{/each}}';
const MARKER = 'REJECT-ME';

/** The templates above, computed independently from a list of (key, value). */
function expected(pairs: Array<[string, string]>): Record<'checked' | 'reloaded' | 'all', string> {
  const under = (dir: string) => pairs.filter(([k]) => k.startsWith(`${dir}/`) && !k.slice(dir.length + 1).includes('/'));
  const lines = (ps: Array<[string, string]>) => ps.map(([k, v]) => `${k}=${v}\n`).join('');
  const depth3 = pairs.filter(([k]) => k.split('/').length === 4);
  return {
    checked: `A\n${lines(under('/soak/a'))}T\n${lines(under('/soak/t'))}`,
    reloaded: lines(under('/soak/b')),
    all: lines(depth3),
  };
}

/** A tiny seeded PRNG (mulberry32) so a failing run can be replayed with its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeFixture(dir: string): Promise<{ confdir: string; out: string; logs: string }> {
  const confdir = join(dir, 'etc');
  const out = join(dir, 'out');
  const logs = join(dir, 'logs');
  for (const d of [join(confdir, 'conf.d'), join(confdir, 'templates'), out, logs]) await mkdir(d, { recursive: true });
  // check: mode must already be 0600; the txn keys under /soak/t must all carry one generation; the marker is refused.
  await writeFile(
    join(dir, 'check.sh'),
    [
      'f="$1"; L=' + logs,
      'h=$(sha256sum "$f" | cut -d" " -f1)',
      'm=$(stat -c %a "$f"); [ "$m" = 600 ] || echo "$h mode $m" >> "$L/violations"',
      'g=$(sed -n "/^T$/,\\$p" "$f" | tail -n +2 | cut -d= -f2 | sort -u | wc -l)',
      '[ "$g" -le 1 ] || { echo "$h partial-txn" >> "$L/violations"; exit 1; }',
      `if grep -q ${MARKER} "$f"; then echo "$h" >> "$L/rejected"; echo rejected marker; exit 1; fi`,
      'echo "$h" >> "$L/accepted"',
    ].join('\n') + '\n',
  );
  await writeFile(join(dir, 'record.sh'), `sha256sum "$1" | cut -d" " -f1 >> ${logs}/writes\n`);
  await writeFile(join(dir, 'reload.sh'), `echo reload >> ${logs}/reloads\n`);
  const res = (name: string, keys: string[], extra: string[]) =>
    writeFile(
      join(confdir, 'conf.d', `${name}.yaml`),
      [`src: ${name}.hbs`, `dest: ${join(out, `${name}.out`)}`, `keys: [${keys.map((k) => `"${k}"`).join(', ')}]`, ...extra].join('\n') +
        '\n',
    );
  await res('checked', ['/soak/a', '/soak/t'], ['mode: "0600"', `check_cmd: sh ${join(dir, 'check.sh')} {{src}}`]);
  await res('reloaded', ['/soak/b'], [`check_cmd: sh ${join(dir, 'record.sh')} {{src}}`, `reload_cmd: sh ${join(dir, 'reload.sh')}`]);
  await res('all', ['/soak'], ['backup: true']);
  await writeFile(join(confdir, 'templates', 'checked.hbs'), A);
  await writeFile(join(confdir, 'templates', 'reloaded.hbs'), B);
  await writeFile(join(confdir, 'templates', 'all.hbs'), ALL);
  return { confdir, out, logs };
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? Date.now() % 1_000_000;
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const report: SoakReport = {
    durationMs: opts.durationMs,
    ops: { puts: 0, deletes: 0, txns: 0, failed: 0 },
    faults: {},
    observedVersions: 0,
    checksAccepted: 0,
    checksRejected: 0,
    writesRecorded: 0,
    reloads: 0,
    stageFilesSeen: 0,
    convergeMs: 0,
    resyncs: 0,
    violations: [],
  };
  const violation = (what: string) => {
    if (report.violations.length < 50) report.violations.push(what);
  };
  const fault = (name: string) => {
    report.faults[name] = (report.faults[name] ?? 0) + 1;
  };
  log(`soak: seed ${seed}, ${Math.round(opts.durationMs / 1000)} s`);
  const { confdir, out, logs } = await writeFixture(opts.dir);
  const pwned = join(opts.dir, 'pwned');
  const secret = `s3cret-${seed}-value`;
  const etcd: EtcdCluster = await startEtcd({ members: 3 });
  let confetti: CliChild | undefined;
  const stopped = new AbortController();
  try {
    const gw = new Gateway(() => etcd.members.filter((m) => m.running).map((m) => m.clientUrl));
    await gw.txn([
      { put: '/soak/t/x', value: '0' },
      { put: '/soak/t/y', value: '0' },
      { put: '/soak/a/secret', value: secret },
    ]);
    confetti = spawnCli([
      'watch',
      '--confdir',
      confdir,
      '--backend',
      'etcd',
      '--endpoints',
      etcd.endpoints.join(','),
      '--dial-timeout',
      '500ms',
      '--request-timeout',
      '2s',
      '--log-level',
      'debug',
    ]);

    // Continuous observers: every version of checked.out, its mode, and any stage file's mode.
    const seen = new Set<string>();
    const observe = async () => {
      while (!stopped.signal.aborted) {
        const dest = join(out, 'checked.out');
        const bytes = await readFile(dest).catch(() => undefined);
        if (bytes) {
          seen.add(sha256(bytes));
          const st = await stat(dest).catch(() => undefined);
          if (st && (st.mode & 0o777) !== 0o600) violation(`checked.out had mode ${(st.mode & 0o777).toString(8)}`);
        }
        for (const name of await stageFiles(out)) {
          if (!name.startsWith('.checked.out')) continue;
          report.stageFilesSeen++;
          const st = await stat(join(out, name)).catch(() => undefined);
          if (st && (st.mode & 0o077) !== 0) violation(`stage file ${name} had mode ${(st.mode & 0o777).toString(8)}`);
        }
        await sleep(5);
      }
    };
    const observer = observe();

    const writer = async (deadline: number) => {
      let gen = 0;
      const value = () =>
        pick(['v', 'x y', '$(touch ' + pwned + ')', '`touch ' + pwned + '`', '; touch ' + pwned, '"q\'', 'a=b', 'ümlaut']) +
        Math.floor(rand() * 1000);
      while (Date.now() < deadline) {
        const r = rand();
        const dir = pick(['a', 'b', 'c', 'c']);
        const key = `/soak/${dir}/k${Math.floor(rand() * 25)}`;
        try {
          if (r < 0.5) {
            await gw.put(key, value());
            report.ops.puts++;
          } else if (r < 0.7) {
            await gw.del(key);
            report.ops.deletes++;
          } else if (r < 0.95) {
            gen++;
            const t =
              rand() < 0.15
                ? [{ del: '/soak/t/x' }, { del: '/soak/t/y' }, { del: '/soak/t/z' }]
                : [
                    { put: '/soak/t/x', value: String(gen) },
                    { put: '/soak/t/y', value: String(gen) },
                    { put: '/soak/t/z', value: String(gen) },
                  ];
            await gw.txn([
              ...t,
              { put: `/soak/b/k${Math.floor(rand() * 25)}`, value: value() },
              { del: `/soak/c/k${Math.floor(rand() * 25)}` },
            ]);
            report.ops.txns++;
          } else {
            await (rand() < 0.5 ? gw.put('/soak/a/bad', MARKER) : gw.del('/soak/a/bad'));
            report.ops.puts++;
          }
        } catch {
          report.ops.failed++;
        }
      }
    };

    const chaos = async (deadline: number) => {
      // Round-robin over the kinds so even a short run injects each one; the member and the timing are random.
      const kinds = ['pause', 'compact', 'freeze-confetti', 'stop', 'kill', 'compact'] as const;
      for (let i = 0; Date.now() < deadline - 3_000; i++) {
        await sleep(500 + rand() * 1_500);
        const kind = kinds[i % kinds.length] as (typeof kinds)[number];
        const member = pick(etcd.members);
        const hold = 300 + rand() * 1_500;
        try {
          if (kind === 'stop' || kind === 'kill') {
            await member.stop(kind === 'kill' ? 'SIGKILL' : 'SIGTERM');
            await sleep(hold);
            member.start();
            await etcd.waitHealthy(member);
          } else if (kind === 'pause') {
            member.pause();
            await sleep(hold);
            member.resume();
          } else if (kind === 'compact') {
            await etcd.etcdctl(['compact', String(await etcd.revision()), '--command-timeout=3s']);
          } else if (confetti) {
            // confetti frozen while writes and a compaction go by: on resume its watch may be behind compacted history.
            confetti.child.kill('SIGSTOP');
            await sleep(hold);
            await etcd.etcdctl(['compact', String(await etcd.revision()), '--command-timeout=3s']).catch(() => undefined);
            confetti.child.kill('SIGCONT');
          }
          fault(kind);
        } catch (error) {
          log(`fault ${kind} failed: ${(error as Error).message}`);
          member.resume();
          if (!member.running) member.start();
        }
      }
    };

    const deadline = Date.now() + opts.durationMs;
    await Promise.all([writer(deadline), chaos(deadline)]);
    for (const m of etcd.members) {
      m.resume();
      if (!m.running) m.start();
    }
    await etcd.waitHealthy();
    // Settle: no marker, a consistent final txn, then compute what every file must say.
    await gw.txn([
      { del: '/soak/a/bad' },
      { put: '/soak/t/x', value: 'final' },
      { put: '/soak/t/y', value: 'final' },
      { put: '/soak/t/z', value: 'final' },
    ]);
    const want = expected(parseEtcdctlGet(await etcd.etcdctl(['get', '--prefix', '/soak', '-w', 'json'])));
    const t0 = Date.now();
    const names = ['checked', 'reloaded', 'all'] as const;
    let mismatched: string[] = [...names];
    while (mismatched.length > 0 && Date.now() - t0 < 30_000) {
      await sleep(50);
      const now = await Promise.all(names.map((n) => readFile(join(out, `${n}.out`), 'utf8').catch(() => '')));
      mismatched = names.filter((n, i) => now[i] !== want[n]);
    }
    report.convergeMs = Date.now() - t0;
    for (const n of mismatched) violation(`${n}.out does not equal render(final etcd state) after 30 s`);
    stopped.abort();
    await observer;

    // Invariants at the end.
    const accepted = new Set(await logLines(join(logs, 'accepted')));
    report.observedVersions = seen.size;
    report.checksAccepted = accepted.size;
    report.checksRejected = (await logLines(join(logs, 'rejected'))).length;
    for (const h of seen) if (!accepted.has(h)) violation(`checked.out version ${h.slice(0, 12)} never passed check_cmd`);
    for (const v of await logLines(join(logs, 'violations'))) violation(`check_cmd saw: ${v}`);
    report.writesRecorded = (await logLines(join(logs, 'writes'))).length;
    report.reloads = (await logLines(join(logs, 'reloads'))).length;
    if (report.reloads > report.writesRecorded) violation(`${report.reloads} reloads > ${report.writesRecorded} changed renders`);
    if (report.writesRecorded === 0 || report.reloads === 0) violation('reloaded resource was never written or reloaded');
    const left = await stageFiles(out);
    if (left.length > 0) violation(`stage files left behind: ${left.join(', ')}`);
    const bak = await stat(join(out, 'all.out.bak')).catch(() => undefined);
    if (!bak) violation('all.out.bak missing although all.out was rewritten');
    await stat(pwned).then(
      () => violation('a key value reached a shell (pwned exists)'),
      () => undefined,
    );
    if (confetti.output().includes(secret)) violation('the planted secret value appears in the confetti log');
    if (confetti.child.exitCode !== null) violation(`confetti exited early (${confetti.child.exitCode})`);
    report.resyncs = (confetti.output().match(/history lost/g) ?? []).length;
    await confetti.stop();
    if ((await stageFiles(out)).length > 0) violation('stage files left after SIGTERM');
    log(`soak: ops ${JSON.stringify(report.ops)}, faults ${JSON.stringify(report.faults)}`);
    log(
      `soak: ${report.observedVersions} versions of checked.out observed, all among ${report.checksAccepted} accepted by check_cmd ` +
        `(${report.checksRejected} rejected); reloads ${report.reloads} <= changed renders ${report.writesRecorded}; ` +
        `stage files seen in flight ${report.stageFilesSeen}, left 0; converged in ${report.convergeMs} ms; resyncs after lost history ${report.resyncs}`,
    );
    log(
      `soak: invariant violations ${report.violations.length}${report.violations.length ? `:\n  ${report.violations.join('\n  ')}` : ''}`,
    );
    if (report.violations.length > 0) log(confetti.output().slice(-5_000));
    return report;
  } finally {
    stopped.abort();
    await confetti?.stop();
    await etcd.stop();
  }
}
