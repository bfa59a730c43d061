// The human page at "/": the /status document as one HTML table, no framework, no script.
import type { StatusDocument } from './status.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: string | number | null | undefined): string => String(value ?? '–').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export function renderStatusPage(status: StatusDocument): string {
  const rows = status.resources
    .map((r) => {
      const cls = r.lastOutcome.endsWith('failed') || r.lastOutcome === 'invalid' ? 'bad' : r.inSync ? 'ok' : 'wait';
      return `<tr class="${cls}"><td>${esc(r.name)}</td><td><code>${esc(r.dest)}</code></td><td>${esc(r.lastOutcome)}</td><td>${esc(r.lastChangeAt)}</td><td>${esc(r.revision)}</td><td>${esc(r.secondsSinceMatch)}</td><td>${esc(r.error)}</td></tr>`;
    })
    .join('\n');
  const b = status.backend;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>confetti status</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}
.ok td:nth-child(3){color:#060}.bad td:nth-child(3){color:#b00}.wait td:nth-child(3){color:#a60}</style></head>
<body><h1>confetti</h1>
<p>${status.ready ? 'ready' : `not ready: ${esc(status.reason)}`} · phase ${esc(status.phase)} · since ${esc(status.startedAt)}</p>
<p>backend ${esc(b.name)} ${b.connected === true ? 'connected' : b.connected === false ? 'disconnected' : 'not connected yet'} ${esc(b.endpoint ?? '')} · revision ${esc(status.revision)} · ${status.keys} keys · ${b.reconnects} reconnects · ${b.resyncs} resyncs</p>
<table><thead><tr><th>resource</th><th>dest</th><th>last outcome</th><th>last change</th><th>revision</th><th>s since match</th><th>error</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p><a href="/status">/status</a> · <a href="/metrics">/metrics</a> · <a href="/readyz">/readyz</a> · <a href="/healthz">/healthz</a></p>
</body></html>
`;
}
