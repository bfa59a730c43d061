// The human-readable line for one JSON log record: "2024-05-01T10:00:00.000Z INFO  render resource=app outcome=written".
const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['time', 'level', 'msg', 'pid', 'hostname']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@+-]+$/.test(value) ? value : JSON.stringify(value);
  return toJsonText(value);
}

/** JSON for a log value: bigints and errors as text, anything JSON cannot hold (a cycle) as a note, never a throw. */
export function toJsonText(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Error ? v.message : v)) ??
      String(value)
    );
  } catch (error) {
    return JSON.stringify(`[not serializable: ${(error as Error).message}]`);
  }
}

/** Formats one JSON record line; a line that is not JSON passes through (trailing whitespace trimmed). */
export function formatTextLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  return formatTextRecord(record);
}

/** Formats one record; multi-line values (command output) stay on one line, JSON-quoted. */
export function formatTextRecord(record: Record<string, unknown>): string {
  const level = typeof record.level === 'number' ? (LEVEL_NAMES[record.level] ?? String(record.level)) : String(record.level).toUpperCase();
  const time =
    typeof record.time === 'string' ? record.time : new Date(typeof record.time === 'number' ? record.time : Date.now()).toISOString();
  const tail = Object.entries(record)
    .filter(([k, v]) => !OMIT.has(k) && v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(' ');
  return `${time} ${level.padEnd(5)} ${typeof record.msg === 'string' ? record.msg : ''}${tail ? ' ' + tail : ''}`;
}
