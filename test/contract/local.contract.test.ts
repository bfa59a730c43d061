// The shared KeySource contract against the local backends: file (single file and directory) and env.
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createEnvSource, keyToEnvName } from '../../src/backends/env-source.js';
import { createFileSource } from '../../src/backends/file-source.js';
import { describeKeySourceContract, type ContractFixture } from './key-source-contract.js';

// put/del rewrite the whole YAML file the way editors do: write a hidden temp file, rename over.
async function fileFixture(initial: Record<string, string>, watchDirectory: boolean): Promise<ContractFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'confetti-file-contract-'));
  const file = join(dir, 'data.yaml');
  const data = new Map(Object.entries(initial));
  const write = async (): Promise<void> => {
    const temp = join(dir, '.data.yaml.tmp');
    await writeFile(temp, stringify(Object.fromEntries(data)));
    await rename(temp, file);
  };
  await write();
  const errors: unknown[] = [];
  const source = createFileSource({ paths: [watchDirectory ? dir : file], settleMs: 20, onError: (e) => errors.push(e) });
  return {
    source,
    put: async (key, value) => {
      data.set(key, value);
      await write();
    },
    del: async (key) => {
      data.delete(key);
      await write();
    },
    close: async () => {
      await source.close();
      await rm(dir, { recursive: true, force: true });
      // A file the fixture wrote must never be reported unreadable (half-written reads would show here).
      if (errors.length > 0) throw new Error(`file source reported: ${errors.map(String).join('; ')}`);
    },
  };
}

describeKeySourceContract('file (one YAML file)', (initial) => fileFixture(initial, false));
describeKeySourceContract('file (directory of YAML files)', (initial) => fileFixture(initial, true));

describeKeySourceContract(
  'env',
  (initial) => {
    const env = Object.fromEntries(Object.entries(initial).map(([k, v]) => [keyToEnvName(k), v]));
    const source = createEnvSource({ env });
    return Promise.resolve({ source, close: () => source.close() });
  },
  { keyStyle: 'env' },
);
