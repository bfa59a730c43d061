// How exec mode's command line is handed to /bin/sh. A simple command ("haproxy -W -db -f x") is run as
// `exec CMD`, so the PID we signal is the program itself. Any other line ("cd /tmp && app", "app; exit 3") keeps
// full `sh -c` semantics: the shell stays, signals go to the whole process group, and the shell traps them so
// that a reload signal does not kill it and a stop signal ends it with the status of the command it waited for.

export interface ChildLine {
  /** The script for `/bin/sh -c`. */
  script: string;
  /** true: signal the whole process group (the shell stays the parent); false: the program itself. */
  signalGroup: boolean;
}

// Words that are not programs: `exec` before them fails (`exec: cd: not found`) or changes their meaning.
const NOT_A_PROGRAM = new Set([
  '!',
  '{',
  '}',
  '.',
  ':',
  'alias',
  'break',
  'case',
  'cd',
  'continue',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'eval',
  'exit',
  'export',
  'fi',
  'for',
  'function',
  'if',
  'local',
  'readonly',
  'return',
  'set',
  'shift',
  'source',
  'then',
  'times',
  'trap',
  'ulimit',
  'umask',
  'unset',
  'until',
  'wait',
  'while',
]);

/** The line as a script for /bin/sh: `exec CMD` for one simple command, else the line under signal traps. */
export function childLine(line: string, signals: { reload: NodeJS.Signals | undefined; stop: readonly NodeJS.Signals[] }): ChildLine {
  const first = /^\s*(\S+)/.exec(line)?.[1] ?? '';
  if (first === 'exec') return { script: line, signalGroup: false };
  if (isSimpleCommand(line) && !NOT_A_PROGRAM.has(first) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(first))
    return { script: `exec ${line}`, signalGroup: false };
  const name = (s: NodeJS.Signals): string => s.replace(/^SIG/, '');
  const stop = [...new Set(signals.stop)];
  const traps: string[] = [];
  // A caught signal is reset to its default in the commands the shell starts: they get it from the group kill.
  if (signals.reload !== undefined && !stop.includes(signals.reload)) traps.push(`trap : ${name(signals.reload)}`);
  // Runs once the foreground command ended; `$?` is its status, so the child's own exit code becomes ours.
  if (stop.length > 0) traps.push(`trap 'exit $?' ${stop.map(name).join(' ')}`);
  return { script: `${traps.join('\n')}\n${line}`, signalGroup: true };
}

/** True when the line has no unquoted shell operator (`;`, `&`, `|`, `(`, `)`, newline): one command, maybe with redirections. */
export function isSimpleCommand(line: string): boolean {
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i++; // the next character is literal (inside "…" too, for the ones that matter here)
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '\n' || c === '`' || c === '#') {
      // `>&2` is a redirection, not a background job: still one command.
      if (c === '&' && (line[i - 1] === '>' || line[i - 1] === '<')) continue;
      return false;
    }
  }
  return quote === undefined;
}
