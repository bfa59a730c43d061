// `confetti register KEY VALUE`: the other half of service discovery. The key lives while this process does.
import { Command, Option } from 'commander';
import { addDocPointer } from './doc-pointer.js';
import { addEtcdOptions, givenOptions } from './options.js';

export function createRegisterCommand(): Command {
  const cmd = new Command('register')
    .description('write KEY=VALUE with a TTL (etcd lease), keep it alive while running, delete it on SIGTERM/SIGINT')
    .argument('<key>', 'key to write, e.g. /services/web/instances/web-1')
    .argument('<value>', 'value, e.g. 10.0.0.5:8080 or {"host":"10.0.0.5","port":8080}')
    .option('--config <file>', 'settings file (default: /etc/confetti/confetti.yaml when present)')
    .addOption(new Option('--backend <name>', 'key store (default: etcd)').choices(['etcd', 'etcdv2']))
    .option('--ttl <duration>', 'the key expires this long after the last keep-alive (whole seconds, default: 10s)')
    .option('--check-cmd <command>', 'health command (sh -c); the key exists only while it exits 0')
    .option('--check-interval <duration>', 'how often to run --check-cmd (default: 5s)')
    .option('--allow-control-chars', 'accept a VALUE with control characters (newline, tab…); refused by default')
    .option('--log-level <level>', 'debug, info, warn or error (default: info)')
    .option('--log-format <format>', 'text or json (default: text)');
  addEtcdOptions(cmd);
  cmd.action(async (key: string, value: string) => {
    const { runRegister } = await import('./register-action.js');
    await runRegister(givenOptions(cmd), key, value);
  });
  addDocPointer(cmd, ['docs/haproxy.md']);
  return cmd;
}
