// Builds a small confdir on disk for CLI tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface ConfdirSpec {
  resources: Record<string, string>;
  templates: Record<string, string>;
  data?: unknown;
}

export async function writeConfdir(dir: string, spec: ConfdirSpec): Promise<{ confdir: string; data: string }> {
  const confdir = join(dir, 'etc');
  await mkdir(join(confdir, 'conf.d'), { recursive: true });
  await mkdir(join(confdir, 'templates'), { recursive: true });
  for (const [name, text] of Object.entries(spec.resources)) await writeFile(join(confdir, 'conf.d', name), text);
  for (const [name, text] of Object.entries(spec.templates)) {
    await mkdir(dirname(join(confdir, 'templates', name)), { recursive: true }); // partials/haproxy/backend.hbs
    await writeFile(join(confdir, 'templates', name), text);
  }
  const data = join(dir, 'data.json');
  await writeFile(data, JSON.stringify(spec.data ?? {}));
  return { confdir, data };
}
