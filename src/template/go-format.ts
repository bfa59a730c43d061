// PLACEHOLDER (replaced by the gohelpers branch): Go's %v for template values.
export function formatGoValue(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(formatGoValue).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 2 && keys[0] === 'key' && keys[1] === 'value') return `{${String((v as { key: string }).key)} ${String((v as { value: string }).value)}}`;
    return `map[${keys.sort().map((k) => `${k}:${formatGoValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : '?';
}
