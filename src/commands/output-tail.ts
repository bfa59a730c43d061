// Keeps only the last `limit` bytes of a stream: a chatty command must not grow memory without bound.

export const OUTPUT_TAIL_BYTES = 8 * 1024;

export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly limit: number = OUTPUT_TAIL_BYTES) {}

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.chunks.push(buf);
    this.size += buf.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()?.length ?? 0;
      this.dropped = true;
    }
  }

  /** The kept tail as text, final newline stripped; marked when the start was cut. */
  text(): string {
    let buf = Buffer.concat(this.chunks);
    if (buf.length > this.limit) {
      buf = buf.subarray(buf.length - this.limit);
      this.dropped = true;
    }
    // A cut may split a UTF-8 sequence; drop the broken lead character.
    const text = buf
      .toString('utf8')
      .replace(/^\uFFFD+/, '')
      .replace(/\r?\n$/, '');
    return this.dropped ? `…${text}` : text;
  }
}
