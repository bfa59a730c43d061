import { describe, expect, it } from 'vitest';
import { nextItem } from '../../test/contract/key-source-contract.js';
import { createEnvSource, envNameToKey, keyToEnvName } from './env-source.js';

const ENV = {
  DATABASE_HOST: 'db1',
  DATABASE_PORT: '5432',
  DATABASE: 'top',
  DATABASEX_HOST: 'sibling',
  DATABASE_HOST_NAME: 'lossy',
  database_lower: 'ignored',
  APP_UNSET: undefined,
  APP_EMPTY: '',
  HOME: '/root',
};

const snapshot = async (prefixes: string[]) =>
  Object.fromEntries((await createEnvSource({ env: ENV }).snapshot(prefixes, { signal: new AbortController().signal })).keys);

describe('env source', () => {
  it('maps keys to variable names: upper case, / to _, no leading /', () => {
    expect(keyToEnvName('/database/host')).toBe('DATABASE_HOST');
    expect(keyToEnvName('database//host/')).toBe('DATABASE_HOST');
    expect(keyToEnvName('/')).toBe('');
  });

  it('maps variable names back to keys: lower case, _ to /', () => {
    expect(envNameToKey('DATABASE_HOST')).toBe('/database/host');
    expect(envNameToKey('DATABASE_HOST_NAME')).toBe('/database/host/name');
    expect(envNameToKey('A__B_')).toBe('/a/b');
  });

  it('returns the variable named by the prefix and those under it', async () => {
    expect(await snapshot(['/database'])).toEqual({
      '/database': 'top',
      '/database/host': 'db1',
      '/database/port': '5432',
      '/database/host/name': 'lossy',
    });
  });

  it('excludes sibling names that merely start with the prefix', async () => {
    expect(await snapshot(['/database/host'])).toEqual({ '/database/host': 'db1', '/database/host/name': 'lossy' });
    expect(await snapshot(['/databasex'])).toEqual({ '/databasex/host': 'sibling' });
  });

  it('cannot express a key with an underscore (the mapping is lossy)', async () => {
    expect(await snapshot(['/database/host_name'])).toEqual({});
  });

  it('keeps empty values and skips unset ones', async () => {
    expect(await snapshot(['/app'])).toEqual({ '/app/empty': '' });
  });

  it('matches upper-case names only, as confd', async () => {
    expect(Object.keys(await snapshot(['/database']))).not.toContain('/database/lower');
  });

  it('returns every variable for the root prefix', async () => {
    expect(await snapshot(['/'])).toMatchObject({ '/home': '/root', '/database/host': 'db1', '/database/lower': 'ignored' });
  });

  it('stays at revision 1', async () => {
    const source = createEnvSource({ env: ENV });
    const signal = new AbortController().signal;
    expect((await source.snapshot(['/database'], { signal })).revision).toBe(1n);
    expect((await source.snapshot(['/nothing'], { signal })).revision).toBe(1n);
  });

  it('never yields from watch and ends when the signal aborts', async () => {
    const stop = new AbortController();
    const it = createEnvSource({ env: ENV }).watch(['/'], 1n, { signal: stop.signal })[Symbol.asyncIterator]();
    const pending = it.next();
    const raced = await Promise.race([pending, Promise.resolve('still pending')]);
    expect(raced).toBe('still pending');
    stop.abort();
    expect(await nextItem({ next: () => pending }, 1000)).toEqual({ done: true, value: undefined });
  });

  it('ends a watch at once when the signal is already aborted', async () => {
    const it = createEnvSource({ env: ENV }).watch(['/'], 1n, { signal: AbortSignal.abort() })[Symbol.asyncIterator]();
    expect(await nextItem(it, 1000)).toEqual({ done: true, value: undefined });
  });
});
