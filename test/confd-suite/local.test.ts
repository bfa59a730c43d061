import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createEnvSource } from '../../src/backends/env-source.js';
import { createFileSource } from '../../src/backends/file-source.js';
import { useTempDirs } from '../support/temp-dir.js';
import { renderSuiteAndCompare, SUITE_DATA, type SuiteVariant } from './suite.js';

const tempDir = useTempDirs();

// handlebars: the suite's templates written as Handlebars; converted: confd's Go templates through `confetti convert`.
describe.each<SuiteVariant>(['handlebars', 'converted'])('confd suite (%s), byte for byte', (variant) => {
  it('renders from the file backend', async () => {
    const dir = await tempDir();
    const data = join(dir, 'data.json');
    await writeFile(data, JSON.stringify(SUITE_DATA));
    const source = createFileSource({ paths: [data] });
    try {
      await renderSuiteAndCompare(dir, source, variant);
    } finally {
      await source.close();
    }
  });

  it('renders from the env backend', async () => {
    const dir = await tempDir();
    const env = Object.fromEntries(Object.entries(SUITE_DATA).map(([k, v]) => [k.slice(1).replaceAll('/', '_').toUpperCase(), v]));
    const source = createEnvSource({ env });
    try {
      await renderSuiteAndCompare(dir, source, variant);
    } finally {
      await source.close();
    }
  });
});
