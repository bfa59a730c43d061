// A YAML document of ten anchors, each a list of nine aliases of the one before: tiny as text, 9^10 nodes expanded.
// A parser without an alias limit would never finish it.
export function yamlAliasBomb(): string {
  const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 9; i++)
    levels.push(
      `a${i}: &a${i} [${Array<string>(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return levels.join('\n') + '\n';
}
