// The Handlebars text `confetti convert` writes: tags and text joined with the escapes Handlebars needs where text
// meets a tag, and Go's trim markers as `~` (or applied to the text), so the output renders Go's bytes.

interface Part {
  tag: boolean;
  value: string;
  /** Text only: Go's trim markers remove the whitespace at this end. */
  trimStart?: boolean;
  trimEnd?: boolean;
  /** Tag only: `~` must not be added on its left. */
  noStripBefore?: boolean;
}

const GO_SPACE_START = /^[ \t\r\n]+/;
const GO_SPACE_END = /[ \t\r\n]+$/;
const JS_SPACE_START = /^\s+/;
const JS_SPACE_END = /\s+$/;

/**
 * Text and tags, joined with what Handlebars needs where text meets a tag. A trimmed end becomes `~` on the
 * adjacent tag, which keeps the author's layout, unless Handlebars' idea of whitespace (JavaScript's \s) would
 * take more than Go's (space, tab, CR, LF): then the converter trims the text itself.
 */
export class Output {
  readonly #parts: Part[] = [];
  text(value: string, trimStart = false, trimEnd = false): void {
    if (value !== '') this.#parts.push({ tag: false, value, trimStart, trimEnd });
  }
  tag(value: string, noStripBefore = false): void {
    this.#parts.push({ tag: true, value, noStripBefore });
  }
  join(): string {
    const parts = this.#parts;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as Part;
      if (part.tag) continue;
      const prev = parts[i - 1];
      const next = parts[i + 1];
      if (part.trimStart === true) {
        if (prev?.tag === true && sameTrim(part.value, GO_SPACE_START, JS_SPACE_START)) prev.value = prev.value.replace(/}}$/, '~}}');
        else part.value = part.value.replace(GO_SPACE_START, '');
      }
      if (part.trimEnd === true) {
        if (next?.tag === true && next.noStripBefore !== true && sameTrim(part.value, GO_SPACE_END, JS_SPACE_END))
          next.value = next.value.replace(/^{{/, '{{~');
        else part.value = part.value.replace(GO_SPACE_END, '');
      }
    }
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as Part;
      if (part.tag) {
        out += part.value;
        continue;
      }
      let text = part.value;
      const before = parts[i - 1]?.tag === true;
      const after = parts[i + 1]?.tag === true;
      // "}" right after a tag would close it ("}}}"); "{" right before one would open a triple-stash ("{{{").
      let head = '';
      let tail = '';
      if (before) {
        const m = /^}+/.exec(text);
        if (m) {
          head = `{{print ${hbString(m[0])}}}`;
          text = text.slice(m[0].length);
        }
      }
      if (after) {
        const m = /{+$/.exec(text);
        if (m) {
          tail = `{{print ${hbString(m[0])}}}`;
          text = text.slice(0, -m[0].length);
        }
        // A backslash before "{{" escapes it in Handlebars, and "\\{{" prints one backslash.
        if (tail === '' && text.endsWith('\\')) text += '\\';
      }
      out += head + text + tail;
    }
    return out;
  }
}

function sameTrim(text: string, go: RegExp, js: RegExp): boolean {
  return text.replace(go, '') === text.replace(js, '');
}

/** A Handlebars string literal with this value: only `"` is escaped in Handlebars, so a final backslash needs printf. */
export function hbString(value: string): string {
  const m = /\\+$/.exec(value);
  if (m) return `(printf "%s${'%c'.repeat(m[0].length)}" ${hbString(value.slice(0, -m[0].length))}${' 92'.repeat(m[0].length)})`;
  return `"${value.replace(/"/g, '\\"')}"`;
}
