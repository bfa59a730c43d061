import { shellQuote } from './shell-quote.js';

export interface CommandVars {
  src?: string;
  dest?: string;
}

// `{{src}}`, `{{ src }}` and confd's `{{.src}}` all name the same variable.
const PLACEHOLDER = /\{\{\s*\.?(src|dest)\s*\}\}/g;

/**
 * Replace {{src}} and {{dest}} (with or without spaces inside the braces, like confd's `{{.src}}` also accepted) by the shell-quoted paths.
 * A placeholder whose variable is not given is left as written, so the mistake shows in the command's error.
 */
export function expandCommand(template: string, vars: CommandVars): string {
  return template.replace(PLACEHOLDER, (whole, name: 'src' | 'dest') => {
    const value = vars[name];
    return value === undefined ? whole : shellQuote(value);
  });
}

const ANY_PLACEHOLDER = /\{\{.*?\}\}/g;

/** Placeholders in `template` that expandCommand leaves as written: unknown names, or a variable not given here. */
export function unexpandedPlaceholders(template: string, given: ReadonlyArray<keyof CommandVars>): string[] {
  const known = new Set<string>(given);
  return [...template.matchAll(ANY_PLACEHOLDER)]
    .map((m) => m[0])
    .filter((whole) => !known.has(/^\{\{\s*\.?(\w+)\s*\}\}$/.exec(whole)?.[1] ?? ''));
}
