import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { createAccountLookup } from './accounts.js';
import { InvalidValue } from './invalid-value.js';

const tempDir = useTempDirs('confetti-accounts-');

async function lookupWith(passwd: string, group: string) {
  const dir = await tempDir();
  const files = { passwd: join(dir, 'passwd'), group: join(dir, 'group') };
  await writeFile(files.passwd, passwd);
  await writeFile(files.group, group);
  return { lookup: createAccountLookup(files), files };
}

describe('createAccountLookup', () => {
  it('maps user and group names to ids from the files', async () => {
    const { lookup } = await lookupWith(
      'root:x:0:0::/root:/bin/sh\nhaproxy:x:115:120::/var/lib/haproxy:/usr/sbin/nologin\n',
      'root:x:0:\nhaproxy:x:120:\n',
    );
    expect(await lookup.uid('haproxy')).toBe(115);
    expect(await lookup.gid('haproxy')).toBe(120);
    expect(await lookup.uid('root')).toBe(0);
  });

  it('takes numeric ids as they are, without a lookup', async () => {
    const { lookup } = await lookupWith('', '');
    expect(await lookup.uid(4242)).toBe(4242);
    expect(await lookup.gid('99')).toBe(99);
  });

  it('rejects an unknown name, naming the file it looked in', async () => {
    const { lookup, files } = await lookupWith('root:x:0:0::/root:/bin/sh\n', 'root:x:0:\n');
    await expect(lookup.uid('nobody-here')).rejects.toThrow(InvalidValue);
    await expect(lookup.gid('staff')).rejects.toThrow(`unknown group "staff" (not in ${files.group})`);
  });
});
