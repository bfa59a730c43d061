import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { etcdUser } from './etcd-options.js';

const tempDir = useTempDirs();

describe('etcdUser', () => {
  it('joins --user with the password read from --password-file, without its trailing newline', async () => {
    const file = join(await tempDir(), 'pw');
    await writeFile(file, 's3cret:with:colons\n');
    expect(etcdUser({ user: 'root', passwordFile: file })).toBe('root:s3cret:with:colons');
  });

  it('passes --user through when there is no password file', () => {
    expect(etcdUser({ user: 'root:pw', passwordFile: undefined })).toBe('root:pw');
  });

  it('refuses a bare --user name instead of trying an empty password; "name:" is an explicit empty one', () => {
    expect(() => etcdUser({ user: 'root', passwordFile: undefined })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_MISSING_VALUE',
        message: expect.stringMatching(/--user root has no password: give --user root:PASSWORD or --password-file FILE/),
      }),
    );
    expect(etcdUser({ user: 'root:', passwordFile: undefined })).toBe('root:');
  });

  it('names the file when it cannot be read', () => {
    expect(() => etcdUser({ user: 'root', passwordFile: '/nonexistent/pw' })).toThrow(/\/nonexistent\/pw/);
  });
});
