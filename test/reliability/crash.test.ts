// kill -9 at random points of stage → check → backup → rename → reload: dest is always the complete old or new file,
// and a restarted `confetti watch` removes the stale stage files of its own resources and converges.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { writeConfdir } from '../cli/confdir.js';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { logLines, spawnCli, stageFiles, type CliChild } from './support.js';

const tempDir = useTempDirs('confetti-crash-');
const ROUNDS = Number(process.env.CONFETTI_CRASH_ROUNDS ?? 30);
const FILL = 'x'.repeat(256 * 1024);
// Keys sort as fill < gen, so the file is the 256 KiB line first, then the generation.
const content = (round: number): string => `${FILL}${round}\nround-${round}\n`;
const data = (round: number) => ({ crash: { gen: `round-${round}`, fill: `${FILL}${round}` } });
type Target = 'anytime' | 'in-check' | 'after-check' | 'in-reload';
const TARGETS: Target[] = ['anytime', 'in-check', 'in-check', 'after-check', 'in-reload'];

it(
  `leaves dest complete (old or new) after ${ROUNDS} kill -9 rounds, and a restart cleans up and converges`,
  { timeout: 60_000 + ROUNDS * 3_000 },
  async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const marks = join(dir, 'marks');
    const { confdir, data: dataFile } = await writeConfdir(dir, {
      resources: {
        'crash.yaml': [
          `src: crash.hbs`,
          `dest: ${join(out, 'crash.out')}`,
          'create_dirs: true',
          'keys: [/crash]',
          'mode: "0600"',
          'backup: true',
          `check_cmd: sh ${join(dir, 'check.sh')} {{src}}`,
          `reload_cmd: sh ${join(dir, 'reload.sh')}`,
        ].join('\n'),
      },
      templates: { 'crash.hbs': '{{#each (gets "/crash/*")}}{{value}}\n{{/each}}' },
      data: data(0),
    });
    const dest = join(out, 'crash.out');
    const args = (cmd: string) => [cmd, '--confdir', confdir, '--backend', 'file', '--file', dataFile];
    const scripts = async (round: number, checkMs: number) => {
      await writeFile(
        join(dir, 'check.sh'),
        `echo check-${round} >> ${marks}\nsleep ${checkMs / 1000}\necho checked-${round} >> ${marks}\n`,
      );
      await writeFile(join(dir, 'reload.sh'), `echo reload-${round} >> ${marks}\nsleep 0.2\necho reloaded-${round} >> ${marks}\n`);
    };
    const marked = async (mark: string) => (await logLines(marks)).includes(mark);
    // A foreign stage file of a live process (this test) and one of another dest: a restart must leave both.
    const foreign = [`.crash.out.confetti-${process.pid}-abcdef`, '.other.out.confetti-999999999-abcdef'];
    const ours = async () => (await stageFiles(out)).filter((n) => !foreign.includes(n));

    /** A restart: `confetti watch` must remove our stale stage files and converge to `round`'s content. */
    const restart = async (round: number) => {
      await scripts(round, 0);
      const watch = spawnCli(args('watch'));
      try {
        await waitFor(
          async () => (await readFile(dest, 'utf8').catch(() => '')) === content(round) && (await ours()).length === 0,
          `round ${round} to converge`,
          20_000,
        );
      } catch (error) {
        const now = await readFile(dest, 'utf8').catch(() => '(missing)');
        const state = `dest ends ${JSON.stringify(now.slice(-20))}, want ${JSON.stringify(content(round).slice(-20))}; stage files ${JSON.stringify(await stageFiles(out))}`;
        throw new Error(`${(error as Error).message}: ${state}\n${watch.output().slice(-3_000)}`, { cause: error });
      } finally {
        await watch.stop();
      }
    };

    const killAt = async (victim: CliChild, round: number, target: Target, checkMs: number): Promise<void> => {
      const gone = victim.exited.then(() => true);
      const until = (mark: string) => Promise.race([gone, waitFor(() => marked(mark), mark, 15_000, 5)]);
      if (target === 'anytime') await Promise.race([gone, sleep(Math.random() * 1_500)]);
      else if (target === 'in-check') {
        await until(`check-${round}`);
        await sleep(Math.random() * checkMs);
      } else if (target === 'after-check') {
        await until(`checked-${round}`);
        await sleep(Math.random() * 15);
      } else await until(`reload-${round}`);
      if (victim.child.exitCode === null && victim.child.signalCode === null) victim.child.kill('SIGKILL');
      await victim.exited;
    };

    await restart(0);
    for (const f of foreign) await writeFile(join(out, f), 'x');
    const phases: Record<string, number> = {};
    const targets: Record<string, number> = {};
    let stale = 0;
    let restarts = 1;
    for (let round = 1; round <= ROUNDS; round++) {
      const old = await readFile(dest);
      const checkMs = 50 + Math.floor(Math.random() * 250);
      const target = TARGETS[Math.floor(Math.random() * TARGETS.length)] as Target;
      targets[target] = (targets[target] ?? 0) + 1;
      await scripts(round, checkMs);
      await writeFile(dataFile, JSON.stringify(data(round)));
      const victim = spawnCli(args(round % 2 === 0 ? 'render' : 'watch'));
      await killAt(victim, round, target, checkMs);

      const now = await readFile(dest);
      const isNew = now.toString('utf8') === content(round);
      expect(now.equals(old) || isNew, `round ${round} (${target}): dest is neither the old nor the new file (${now.length} bytes)`).toBe(
        true,
      );
      expect((await stat(dest)).mode & 0o777).toBe(0o600);
      const phase = (await marked(`reload-${round}`))
        ? 'in-reload'
        : isNew
          ? 'after-rename'
          : (await marked(`checked-${round}`))
            ? 'after-check'
            : (await marked(`check-${round}`))
              ? 'in-check'
              : 'before-check';
      phases[phase] = (phases[phase] ?? 0) + 1;
      stale += (await ours()).length;
      // A backup, when there is one, is a complete earlier version with the same mode.
      const bak = await readFile(`${dest}.bak`, 'utf8').catch(() => undefined);
      if (bak !== undefined) {
        const k = /^(\d+)\nround-(\d+)\n$/.exec(bak.slice(FILL.length));
        expect(
          bak.startsWith(FILL) && k !== null && k[1] === k[2] && Number(k[1]) <= round,
          `round ${round}: dest.bak is not a complete earlier version`,
        ).toBe(true);
        expect((await stat(`${dest}.bak`)).mode & 0o777).toBe(0o600);
      }
      // The next victim is itself a restart; every fifth round (and the last) one must also finish: clean up and converge.
      if (round % 5 === 0 || round === ROUNDS) {
        await restart(round);
        restarts++;
      }
    }
    expect((await stageFiles(out)).sort()).toEqual([...foreign].sort());
    console.log(
      `crash: ${ROUNDS} kill -9 rounds (targets ${JSON.stringify(targets)}); dest state at the kill ${JSON.stringify(phases)}; ` +
        `stage files seen after kills ${stale}; ${restarts} restarts each removed them and converged; foreign stage files kept`,
    );
    // The kills must have landed on both sides of the swap, or the test proved little.
    expect((phases['before-check'] ?? 0) + (phases['in-check'] ?? 0) + (phases['after-check'] ?? 0)).toBeGreaterThan(0);
    expect((phases['after-rename'] ?? 0) + (phases['in-reload'] ?? 0)).toBeGreaterThan(0);
    expect(stale).toBeGreaterThan(0);
  },
);

// The issue asks that "a restart cleans stale stage files of its own resources"; `confetti render` (cron, a one-shot
// unit) is a restart too. src/daemon/one-shot.ts never calls cleanStaleStageFiles (only watch-daemon.ts does), so a
// crashed one-shot's stage file stays until a watch runs. Not ours to fix (src/daemon/); see docs/reliability.md.
it('a one-shot render also removes stale stage files of its own resources', async () => {
  const dir = await tempDir();
  const { confdir, data: dataFile } = await writeConfdir(dir, {
    resources: { 'one.yaml': `src: one.hbs\ndest: ${join(dir, 'one.out')}\nkeys: [/one]\n` },
    templates: { 'one.hbs': '{{getv "/one/v"}}\n' },
    data: { one: { v: '1' } },
  });
  const stale = join(dir, '.one.out.confetti-999999999-0123456789ab');
  await writeFile(stale, 'half a file');
  const r = spawnCli(['render', '--confdir', confdir, '--backend', 'file', '--file', dataFile]);
  expect((await r.exited).code).toBe(0);
  expect(await readFile(join(dir, 'one.out'), 'utf8')).toBe('1\n');
  expect(await stageFiles(dir)).toEqual([]);
});
