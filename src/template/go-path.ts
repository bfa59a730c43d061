// Go's path.Clean, path.Base and path.Dir, which confd exposes as `base` and `dir`.

export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!rooted) out.push('..');
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

export function basePath(p: string): string {
  if (p === '') return '.';
  // The common case (a key, no trailing slash) without a regex: `base key` runs once per key per render.
  if (p.charCodeAt(p.length - 1) !== 47) return p.slice(p.lastIndexOf('/') + 1);
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}
