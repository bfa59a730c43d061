import { createTwoFilesPatch } from 'diff';
import type { CurrentFile } from './compare.js';
import type { FileMeta } from './output-target.js';

const octal = (mode: number): string => mode.toString(8).padStart(4, '0');

/** Unified diff of dest as it is vs as it would be (labels: the dest path), with git-style mode/owner headers. */
export function renderDiff(dest: string, current: CurrentFile | undefined, content: string, wanted: FileMeta): string {
  const header: string[] = [];
  if (current === undefined) header.push(`new file mode ${octal(wanted.mode)}`);
  else if (current.mode !== wanted.mode) header.push(`old mode ${octal(current.mode)}`, `new mode ${octal(wanted.mode)}`);
  const owner = ownerChange(current, wanted);
  if (owner !== undefined) header.push(owner);
  const patch = createTwoFilesPatch(dest, dest, current?.content?.toString('utf8') ?? '', content);
  return header.length === 0 ? patch : `${header.join('\n')}\n${patch}`;
}

function ownerChange(current: CurrentFile | undefined, wanted: FileMeta): string | undefined {
  if (wanted.uid === undefined && wanted.gid === undefined) return undefined;
  const uid = wanted.uid ?? current?.uid;
  const gid = wanted.gid ?? current?.gid;
  if (current !== undefined && current.uid === uid && current.gid === gid) return undefined;
  const before = current === undefined ? 'none' : `${current.uid}:${current.gid}`;
  return `owner ${before} -> ${uid ?? '-'}:${gid ?? '-'}`;
}
