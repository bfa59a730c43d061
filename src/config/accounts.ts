// owner/group names → numeric ids from /etc/passwd and /etc/group (no NSS: LDAP users need numeric ids).
import { readFile } from 'node:fs/promises';
import { InvalidValue } from './invalid-value.js';

export interface AccountFiles {
  passwd: string;
  group: string;
}

export const SYSTEM_ACCOUNT_FILES: AccountFiles = { passwd: '/etc/passwd', group: '/etc/group' };

export interface AccountLookup {
  uid: (nameOrId: string | number) => Promise<number>;
  gid: (nameOrId: string | number) => Promise<number>;
}

/** Reads each file at most once per lookup object. */
export function createAccountLookup(files: AccountFiles = SYSTEM_ACCOUNT_FILES): AccountLookup {
  let users: Promise<Map<string, number>> | undefined;
  let groups: Promise<Map<string, number>> | undefined;
  return {
    uid: async (value) => resolveId(value, 'user', files.passwd, (users ??= readIdFile(files.passwd))),
    gid: async (value) => resolveId(value, 'group', files.group, (groups ??= readIdFile(files.group))),
  };
}

async function resolveId(value: string | number, kind: string, file: string, table: Promise<Map<string, number>>): Promise<number> {
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const id = (await table).get(text);
  if (id === undefined) throw new InvalidValue(`unknown ${kind} ${JSON.stringify(text)} (not in ${file})`);
  return id;
}

// name:password:id:… — the third field is the uid in passwd and the gid in group.
async function readIdFile(file: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id && /^\d+$/.test(id) && !ids.has(name)) ids.set(name, Number(id));
  }
  return ids;
}
