// execa is loaded on first use: a render that runs no command never pays for it (nor for node:child_process).
// One place, so every runner shares the same module promise.
type ExecaModule = typeof import('execa');
export type Execa = ExecaModule['execa'];

let loading: Promise<ExecaModule> | undefined;

export function loadExeca(): Promise<ExecaModule> {
  loading ??= import('execa');
  return loading;
}
