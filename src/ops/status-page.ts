// The human page at "/": the /status document as one HTML table, no framework, no script. It refreshes itself, shows
// each time with its age, and links each resource's row to that resource's entry in /status.
import type { StatusDocument } from './status.js';

/** Seconds between the page's own reloads (a meta refresh: no script). */
export const STATUS_PAGE_REFRESH_SECONDS = 5;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: string | number | null | undefined): string => String(value ?? '–').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** "12 s ago", "4 min ago", "3 h ago", "2 d ago" (rounded down); "in the future" for a clock that went back. */
export function formatAge(seconds: number): string {
  if (seconds < 0) return 'in the future';
  if (seconds < 120) return `${Math.floor(seconds)} s ago`;
  if (seconds < 7_200) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3_600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** A timestamp with its age next to it, or "–" when there is none. */
function when(iso: string | null, now: number): string {
  if (iso === null) return '–';
  return `<time datetime="${esc(iso)}">${esc(iso)}</time> <span class="age">(${formatAge((now - Date.parse(iso)) / 1000)})</span>`;
}

/** Where a resource's own entry of /status is served (http-server.ts). */
export const statusEntryHref = (name: string): string => `/status?resource=${encodeURIComponent(name)}`;

export function renderStatusPage(status: StatusDocument, now: number = Date.now()): string {
  const rows = status.resources
    .map((r) => {
      const cls = r.lastOutcome.endsWith('failed') || r.lastOutcome === 'invalid' ? 'bad' : r.inSync ? 'ok' : 'wait';
      return `<tr class="${cls}"><td><a href="${esc(statusEntryHref(r.name))}">${esc(r.name)}</a></td><td><code>${esc(r.dest)}</code></td><td>${esc(r.lastOutcome)}</td><td>${when(r.lastRenderAt, now)}</td><td>${when(r.lastChangeAt, now)}</td><td>${esc(r.revision)}</td><td>${esc(r.secondsSinceMatch)}</td><td>${esc(r.error)}</td></tr>`;
    })
    .join('\n');
  const b = status.backend;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${STATUS_PAGE_REFRESH_SECONDS}"><title>confetti status</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}
.age{color:#666}.ok td:nth-child(3){color:#060}.bad td:nth-child(3){color:#b00}.wait td:nth-child(3){color:#a60}</style></head>
<body><h1>confetti</h1>
<p>${status.ready ? 'ready' : `not ready: ${esc(status.reason)}`} · phase ${esc(status.phase)} · since ${when(status.startedAt, now)}</p>
<p>backend ${esc(b.name)} ${b.connected === true ? 'connected' : b.connected === false ? 'disconnected' : 'not connected yet'} ${esc(b.endpoint ?? '')} · revision ${esc(status.revision)} · ${status.keys} keys · ${b.reconnects} reconnects · ${b.resyncs} resyncs</p>
<table><thead><tr><th>resource</th><th>dest</th><th>last outcome</th><th>last render</th><th>last change</th><th>revision</th><th>s since match</th><th>error</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Refreshes every ${STATUS_PAGE_REFRESH_SECONDS} s · <a href="/status">/status</a> · <a href="/metrics">/metrics</a> · <a href="/readyz">/readyz</a> · <a href="/healthz">/healthz</a></p>
</body></html>
`;
}
