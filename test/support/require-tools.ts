// vitest global setup: the suite talks to real servers and tools; without one of them it would wait for timeouts and
// fail far from the cause ("etcd m0 not healthy"). Stop at once instead, naming the Debian package to install.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Every command the tests run, with the Debian package(s) that provide it (.ci/run installs the same ones). */
export const REQUIRED_TOOLS: readonly { command: string; packages: string[]; why: string }[] = [
  { command: 'etcd', packages: ['etcd-server', 'etcd-client'], why: 'the etcd backends and every end-to-end test' },
  { command: 'etcdctl', packages: ['etcd-client'], why: 'writing keys in the etcd tests' },
  { command: 'haproxy', packages: ['haproxy'], why: 'check_cmd and the HAProxy end-to-end tests' },
  { command: 'go', packages: ['golang-go'], why: "Go's text/template as the oracle of confd templates" },
  { command: 'dnsmasq', packages: ['dnsmasq'], why: 'a real DNS server for lookupIP/lookupSRV' },
  { command: 'openssl', packages: ['openssl'], why: 'TLS certificates for the etcd tests' },
  { command: 'strip', packages: ['binutils'], why: 'npm run build:binary' },
  { command: 'systemd-analyze', packages: ['systemd'], why: 'systemd-analyze verify of the shipped units' },
  { command: 'promtool', packages: ['prometheus'], why: 'checking and unit-testing the alert rules' },
];

function onPath(command: string, path: string): boolean {
  return path.split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** One line per missing tool: "etcd not found on PATH: apt-get install etcd-server etcd-client (or run .ci/run)". */
export function missingTools(path: string): string[] {
  return REQUIRED_TOOLS.filter((t) => !onPath(t.command, path)).map(
    (t) => `${t.command} not found on PATH: apt-get install ${t.packages.join(' ')} (or run .ci/run) — needed for ${t.why}`,
  );
}

export default function requireTools(): void {
  const missing = missingTools(process.env.PATH ?? '');
  if (missing.length > 0) throw new Error(`the test suite needs tools that are missing:\n${missing.join('\n')}`);
}
