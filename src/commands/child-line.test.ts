import { describe, expect, it } from 'vitest';
import { childLine, isSimpleCommand } from './child-line.js';

const signals = { reload: 'SIGUSR2', stop: ['SIGTERM', 'SIGTERM', 'SIGINT'] } as const;

describe('childLine', () => {
  it('execs a simple command so the program itself gets our signals', () => {
    expect(childLine('haproxy -W -db -f /etc/haproxy/haproxy.cfg 2>&1', signals)).toEqual({
      script: 'exec haproxy -W -db -f /etc/haproxy/haproxy.cfg 2>&1',
      signalGroup: false,
    });
    expect(childLine(`app --name 'a;b' "c|d"`, signals).signalGroup).toBe(false);
  });

  it('leaves a line that already starts with exec alone', () => {
    expect(childLine('exec app', signals)).toEqual({ script: 'exec app', signalGroup: false });
  });

  it('keeps the shell, under traps, for operators, builtins and assignments', () => {
    for (const line of [
      'cd /tmp && sleep 30',
      'sleep 1; exit 3',
      'a | b',
      'a &',
      'cd /tmp',
      'FOO=1 app',
      'if true; then app; fi',
      'app $(x)',
      'app\nother',
    ]) {
      const result = childLine(line, signals);
      expect(result.signalGroup, line).toBe(true);
      expect(result.script).toBe(`trap : USR2\ntrap 'exit $?' TERM INT\n${line}`);
    }
  });

  it('lets a stop signal win over a reload signal that is the same', () => {
    expect(childLine('a; b', { reload: 'SIGTERM', stop: ['SIGTERM'] }).script).toBe(`trap 'exit $?' TERM\na; b`);
  });
});

describe('isSimpleCommand', () => {
  it('ignores operators inside quotes and escaped ones', () => {
    expect(isSimpleCommand(`echo 'a && b' "c; d" e\\;f`)).toBe(true);
    expect(isSimpleCommand(`echo "unterminated`)).toBe(false);
  });
});
