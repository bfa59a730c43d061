// `confetti register KEY VALUE`: the other half of service discovery. The key lives while this process does.
import { Command } from 'commander';
import { addDocPointer } from './doc-pointer.js';
import { addSettingOptions, givenOptions } from './options.js';

export function createRegisterCommand(): Command {
  const cmd = new Command('register')
    .description('write KEY=VALUE with a TTL (etcd lease), keep it alive while running, delete it on SIGTERM/SIGINT')
    .argument('<key>', 'key to write, e.g. /services/web/instances/web-1')
    .argument('<value>', 'value, e.g. 10.0.0.5:8080 or {"host":"10.0.0.5","port":8080}');
  addSettingOptions(cmd, 'register');
  cmd.action(async (key: string, value: string) => {
    const { runRegister } = await import('./register-action.js');
    await runRegister(givenOptions(cmd), key, value);
  });
  addDocPointer(cmd, ['docs/haproxy.md']);
  return cmd;
}
