// docs/errors.md against the error codes of src/errors.ts: a row for each, and no row for a code that is gone.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_FAMILIES, ERROR_CODES } from '../../src/errors.js';

const ROOT = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
/** The first cells of the tables: `CODE`, or a family such as `HTTP_<status>`. */
const documented = [...page.matchAll(/^\| `([A-Z][A-Z0-9_]*(?:<\w+>)?)` \|/gm)].map((m) => m[1] ?? '');

describe('docs/errors.md', () => {
  it('has one row for every error code and family, and none for a code that does not exist', () => {
    expect(documented.length).toBeGreaterThan(60);
    expect([...documented].sort()).toEqual([...ERROR_CODES, ...ERROR_CODE_FAMILIES].sort());
  });

  it('is linked from the README and from the exit codes', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/errors.md)');
    expect(readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8')).toContain('(errors.md)');
  });
});
