// Test helpers: a resolver answering from maps a test edits, and a logger that keeps its records.
import type { SrvRecord } from './answers.js';
import type { DnsResolver } from './system-resolver.js';

/** A resolver answering from maps the test edits; a name in `hang` never answers; anything else is NXDOMAIN. */
export class FakeResolver implements DnsResolver {
  readonly ips = new Map<string, string[]>();
  readonly srvs = new Map<string, SrvRecord[]>();
  readonly hang = new Set<string>();
  readonly fail = new Map<string, string>();
  readonly asked: string[] = [];

  lookupIP(name: string, signal: AbortSignal): Promise<string[]> {
    return this.#answer(`ip ${name}`, this.ips.get(name), signal);
  }

  lookupSRV(name: string, signal: AbortSignal): Promise<SrvRecord[]> {
    return this.#answer(`srv ${name}`, this.srvs.get(name), signal);
  }

  #answer<T>(question: string, answer: T | undefined, signal: AbortSignal): Promise<T> {
    this.asked.push(question);
    const name = question.slice(question.indexOf(' ') + 1);
    if (this.hang.has(name))
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
    const code = this.fail.get(name) ?? (answer === undefined ? 'ENOTFOUND' : undefined);
    if (code !== undefined) return Promise.reject(Object.assign(new Error(`query ${name} failed`), { code }));
    return Promise.resolve(answer as T);
  }
}
