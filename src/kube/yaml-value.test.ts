import { describe, expect, it } from 'vitest';
import { parseYamlValue } from './yaml-value.ts';

describe('parseYamlValue', () => {
  it('reads one document as a plain value', () => {
    expect(parseYamlValue('lab: first-deployment\nlist: [1, two]\n')).toEqual({ lab: 'first-deployment', list: [1, 'two'] });
    expect(parseYamlValue('')).toBeNull();
  });

  it('throws on a duplicate key, a syntax error, or too many aliases', () => {
    expect(() => parseYamlValue('a: 1\na: 2\n')).toThrow(/Map keys must be unique/);
    expect(() => parseYamlValue('a: [1\n')).toThrow();
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
    expect(() => parseYamlValue(lol)).toThrow(/alias/i);
  });

  it('reads 60,000 distinct keys of one mapping (the package check was quadratic)', () => {
    const source = Array.from({ length: 60_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const value = parseYamlValue(source) as Record<string, number>;
    expect(Object.keys(value)).toHaveLength(60_000);
    expect(value.k59999).toBe(59_999);
  });
});
