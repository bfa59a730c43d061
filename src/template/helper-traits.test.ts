import { describe, expect, it } from 'vitest';
import { compileTemplate } from './compile.js';
import { hb, HELPER_TRAITS } from './handlebars.js';
import type { HelperSpec, RawHelperSpec } from './helper-context.js';
import { TEST_FILE } from './test-support.js';

describe('every helper declares its arity and purity in its own definition', () => {
  it('the Handlebars instance knows exactly the helpers that declare them', () => {
    expect(Object.keys(hb.helpers).sort()).toEqual(Object.keys(HELPER_TRAITS).sort());
    for (const [name, traits] of Object.entries(HELPER_TRAITS)) expect(typeof traits.pure, name).toBe('boolean');
  });

  it('a definition without a purity declaration does not compile (checked by tsc --noEmit)', () => {
    // @ts-expect-error `pure` is required: this line stops being an error, and tsc fails, if it becomes optional.
    const spec: HelperSpec = { arity: [1, 1], fn: () => '' };
    // @ts-expect-error the same for helpers that take Handlebars' options themselves.
    const raw: RawHelperSpec = { arity: [1, 1], raw: () => '' };
    expect([spec.arity, raw.arity]).toHaveLength(2);
  });

  it.each(Object.entries(HELPER_TRAITS))('#each reuse follows %s’s declaration', (name, traits) => {
    const args = Array.from({ length: traits.arity[0] }, () => ' value').join('');
    const memo = compileTemplate(`{{#each (gets "/a/*")}}{{${name}${args}}}{{/each}}`, TEST_FILE).memo;
    expect(memo?.positions).toEqual(traits.pure ? ['1:0'] : []);
  });
});
