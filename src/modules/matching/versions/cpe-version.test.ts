import { describe, expect, it } from 'vitest';
import { compareCpeVersions } from './cpe-version.ts';

describe('version order in CPE names and NVD ranges', () => {
  it.each([
    ['1.0.1', '1.0.1a'],
    ['1.0.1f', '1.0.1g'],
    ['1.0.2k', '1.0.2u'],
    ['1.0.2u', '1.1.0'],
    ['4.2.8p14', '4.2.8p15'],
    ['4.2.8', '4.2.8p1'],
    ['6.9', '6.9.4.11'],
    ['6.9.4.11', '7.0'],
    ['2.0-rc1', '2.0'],
    ['2.0beta', '2.0'],
    ['1.9', '1.10'],
    ['v2.3', '2.4'],
  ])('%s < %s', (a, b) => {
    expect(compareCpeVersions(a, b)).toBeLessThan(0);
    expect(compareCpeVersions(b, a)).toBeGreaterThan(0);
  });

  it.each([
    ['1.0', '1.0.0'],
    ['V6.9', '6.9'],
  ])('%s = %s', (a, b) => expect(compareCpeVersions(a, b)).toBe(0));
});
