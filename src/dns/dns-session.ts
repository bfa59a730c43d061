// What one render reads from the DNS cache: the helpers' synchronous view, and a record of every question asked.
import type { DnsLookup } from './dns-lookup.js';
import type { DnsAnswer, SrvRecord } from './answers.js';
import { questionKey, type DnsQuestion } from './question.js';

export interface DnsRead {
  readonly question: DnsQuestion;
  /** The answer the render used; undefined when none was known yet (the render got an empty list). */
  readonly answer: DnsAnswer | undefined;
}

const NONE: readonly never[] = Object.freeze([]);

export class DnsSession implements DnsLookup {
  /** Every question this render asked, by question key. */
  readonly reads = new Map<string, DnsRead>();
  readonly #answerOf: (key: string) => DnsAnswer | undefined;

  constructor(answerOf: (key: string) => DnsAnswer | undefined) {
    this.#answerOf = answerOf;
  }

  /** Questions asked without a known answer: resolve them and render again. */
  get unanswered(): DnsQuestion[] {
    return [...this.reads.values()].filter((r) => r.answer === undefined).map((r) => r.question);
  }

  ip(name: string): readonly string[] {
    return (this.#read({ kind: 'ip', name }) ?? NONE) as readonly string[];
  }

  srv(service: string, proto: string, name: string): readonly SrvRecord[] {
    return (this.#read({ kind: 'srv', service, proto, name }) ?? NONE) as readonly SrvRecord[];
  }

  // The first read of a question in a render wins, so one render never mixes two answers to it.
  #read(question: DnsQuestion): DnsAnswer | undefined {
    const key = questionKey(question);
    const seen = this.reads.get(key);
    if (seen) return seen.answer;
    const answer = this.#answerOf(key);
    this.reads.set(key, { question, answer });
    return answer;
  }
}
