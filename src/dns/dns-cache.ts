// The answers templates asked for, shared by every render of the process, and which resource read which answer.
import { nowMs } from '../clock.js';
import type { Logger } from '../log/logger.js';
import { sameAnswer, sortAddresses, sortSrv, type DnsAnswer } from './answers.js';
import { DnsSession, type DnsRead } from './dns-session.js';
import { queriedName, questionKey, type DnsQuestion } from './question.js';
import type { DnsResolver } from './system-resolver.js';

export interface DnsCacheOptions {
  resolver: DnsResolver;
  logger: Logger;
  /** Limit per question; a timeout is an empty answer (confd's error case), logged. */
  timeoutMs: number;
}

interface Entry {
  readonly question: DnsQuestion;
  readonly answer: DnsAnswer;
}

// "No such name" and "no such record" are answers; anything else (timeout, SERVFAIL, refused) may pass.
const DEFINITIVE = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);
const NONE: DnsAnswer = Object.freeze([]);

export class DnsCache {
  readonly #opts: DnsCacheOptions;
  /** Latest answer per question key; a lookup finding the same records keeps the object, so identity tells a change. */
  readonly #entries = new Map<string, Entry>();
  /** Per owner (a resource name): what its last render read. */
  readonly #reads = new Map<string, ReadonlyMap<string, DnsRead>>();
  /** Lookups in flight, so a render and a refresh asking the same question share one. */
  readonly #inflight = new Map<string, Promise<void>>();

  constructor(opts: DnsCacheOptions) {
    this.#opts = opts;
  }

  /** A render's synchronous view of the cache. */
  session(): DnsSession {
    return new DnsSession((key) => this.#entries.get(key)?.answer);
  }

  /** Look the questions up (in parallel) and store the answers; a failure stores an empty answer. Rejects only on abort. */
  async resolve(questions: Iterable<DnsQuestion>, signal: AbortSignal): Promise<void> {
    await Promise.all([...questions].map((q) => this.#resolveShared(q, signal)));
    signal.throwIfAborted();
  }

  /** Keep what `owner`'s last render read, to know whether a refresh changed its output. */
  remember(owner: string, session: DnsSession): void {
    if (session.reads.size === 0) this.#reads.delete(owner);
    else this.#reads.set(owner, session.reads);
  }

  /** Forget owners that are gone (a resource removed by a reload), and the answers only they read. */
  retain(owners: Iterable<string>): void {
    const keep = new Set(owners);
    for (const owner of [...this.#reads.keys()]) if (!keep.has(owner)) this.#reads.delete(owner);
    const asked = new Set([...this.#reads.values()].flatMap((reads) => [...reads.keys()]));
    for (const key of [...this.#entries.keys()]) if (!asked.has(key)) this.#entries.delete(key);
  }

  /** Look up again every question a render read; returns the owners that read an answer which is now different. */
  async refresh(signal: AbortSignal): Promise<string[]> {
    const questions = new Map<string, DnsQuestion>();
    for (const reads of this.#reads.values()) for (const [key, read] of reads) questions.set(key, read.question);
    await this.resolve(questions.values(), signal);
    return this.stale();
  }

  /** Owners whose last render read an answer other than the current one. */
  stale(): string[] {
    const owners: string[] = [];
    for (const [owner, reads] of this.#reads) {
      if ([...reads].some(([key, read]) => this.#entries.get(key)?.answer !== read.answer)) owners.push(owner);
    }
    return owners;
  }

  #resolveShared(q: DnsQuestion, signal: AbortSignal): Promise<void> {
    const key = questionKey(q);
    const running = this.#inflight.get(key);
    if (running) return running;
    const lookup = this.#resolveOne(q, key, signal).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, lookup);
    return lookup;
  }

  async #resolveOne(q: DnsQuestion, key: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const { resolver, logger, timeoutMs } = this.#opts;
    const name = queriedName(q);
    const started = nowMs();
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(new Error(`DNS lookup of ${name} timed out after ${timeoutMs} ms`)), timeoutMs);
    const stop = (): void => limit.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    let answer: DnsAnswer;
    try {
      answer =
        q.kind === 'ip'
          ? sortAddresses(await resolver.lookupIP(name, limit.signal))
          : sortSrv(await resolver.lookupSRV(name, limit.signal));
    } catch (error) {
      if (signal.aborted) return; // stopping: store nothing
      const code = limit.signal.aborted ? 'ETIMEOUT' : String((error as NodeJS.ErrnoException).code ?? 'ERROR');
      const previous = this.#entries.get(key);
      const fields = { kind: q.kind, name, code, ms: Math.round(nowMs() - started) };
      if (DEFINITIVE.has(code)) {
        logger.debug('dns: no such name or record', fields);
        answer = NONE;
      } else if (previous) {
        // One lost packet must not empty a backend list until the next refresh: keep the last answer.
        logger.warn('dns lookup failed, keeping the previous answer', fields);
        return;
      } else {
        logger.warn('dns lookup failed, rendering an empty list', fields);
        answer = NONE;
      }
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
    const previous = this.#entries.get(key);
    if (previous && sameAnswer(previous.answer, answer)) return;
    if (previous) logger.info('dns answer changed', { kind: q.kind, name });
    this.#entries.set(key, { question: q, answer });
  }
}
