// Flags shared by the commands. No commander defaults: a flag counts only when given, so the
// settings layer can apply flags > CONFETTI_* env > config file > defaults.
import { Option, type Command } from 'commander';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--confdir <dir>', 'directory holding conf.d/ and templates/ (default: /etc/confetti)')
    .option('--config <file>', 'settings file (default: /etc/confetti/confetti.yaml when present)')
    .addOption(new Option('--backend <name>', 'key store (default: etcd)').choices(['etcd', 'etcdv2', 'file', 'env']))
    .option('--file <path>', 'file backend: YAML/JSON file or directory (repeatable)', collect)
    .option('--prefix <prefix>', 'key prefix prepended to every resource (default: /)')
    .option('--log-level <level>', 'debug, info, warn or error (default: info)')
    .option('--log-format <format>', 'text or json (default: text)')
    .option('--max-output-size <bytes>', 'refuse a render larger than this (default: 64MiB)')
    .option('--render-timeout <duration>', 'abandon a render that runs longer, e.g. a runaway loop (default: 10s)')
    .option('--dns-timeout <duration>', 'limit for one lookupIP/lookupSRV lookup; a timeout renders an empty list (default: 3s)');
}

export function addEtcdOptions(cmd: Command): Command {
  // etcdctl v2's name for --endpoints (confd and CoreOS users have it in their scripts).
  cmd.on('option:peers', (value: string) => cmd.setOptionValueWithSource('endpoints', value, 'cli'));
  return cmd
    .option('--endpoints <urls>', 'comma-separated etcd URLs (default: http://127.0.0.1:2379; fallbacks ETCDCTL_ENDPOINTS, ETCDCTL_ENDPOINT, ETCDCTL_PEERS)')
    .option('--peers <urls>', 'another name for --endpoints, as etcdctl v2 has it')
    .option('--cacert <file>', 'CA bundle to verify etcd (fallback ETCDCTL_CACERT)')
    .option('--cert <file>', 'client certificate (fallback ETCDCTL_CERT)')
    .option('--key <file>', 'client key (fallback ETCDCTL_KEY)')
    .option('--user <name:password>', 'etcd user (fallback ETCDCTL_USER)')
    .option('--password-file <file>', 'read the etcd password from this file (keeps it out of ps)')
    .option('--insecure-skip-tls-verify', 'do not verify etcd TLS certificates (logged as a warning)')
    .option('--dial-timeout <duration>', 'connect timeout (default: 5s)')
    .option('--request-timeout <duration>', 'per-request timeout (default: 10s)');
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--sync-only', 'write files but run no check or reload commands')
    .option('--keep-stage-file', 'keep the stage file when check_cmd fails');
}

export function addExecOptions(cmd: Command): Command {
  return cmd
    .option('--exec <command>', 'exec mode: start this child after the first complete render and supervise it')
    .option('--reload-signal <signal>', 'exec mode: send this signal on each changed render (default: restart the child)')
    .option('--kill-signal <signal>', 'exec mode: signal that stops the child (default: SIGTERM)')
    .option('--kill-timeout <duration>', 'exec mode: SIGKILL the child this long after the kill signal (default: 30s)')
    .option('--exec-restart', 'exec mode: restart the child when it dies unexpectedly instead of exiting non-zero');
}

export function addOpsOptions(cmd: Command): Command {
  return cmd
    .option('--listen <[host:]port>', 'serve /metrics, /healthz, /readyz, /status and / on this address (default: off; host defaults to 127.0.0.1)')
    .option('--pid-file <file>', 'write the process id here; removed on exit')
    .option('--watch-config', 'reload when files in conf.d/ or templates/ change (default: on)')
    .option('--no-watch-config', 'reload only on SIGHUP');
}

/** Options the user actually gave (not commander defaults), for the settings layer. */
export function givenOptions(cmd: Command): Record<string, unknown> {
  const all = cmd.opts<Record<string, unknown>>();
  return Object.fromEntries(Object.entries(all).filter(([k]) => cmd.getOptionValueSource(k) === 'cli'));
}
