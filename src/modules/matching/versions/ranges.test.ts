import { describe, expect, it } from 'vitest';
import { VersSyntaxError, isInOsvRange, isInVers, parseVers } from './ranges.ts';

describe('OSV ranges', () => {
  it('treats introduced "0" as below everything, Go pseudo-versions included', () => {
    const events = [{ introduced: '0' }, { fixed: '1.2.3' }];
    expect(isInOsvRange('semver', '1.2.2', events)).toBe(true);
    expect(isInOsvRange('semver', '1.2.3', events)).toBe(false);
    expect(isInOsvRange('semver', 'v0.0.0-20200101000000-abcdef123456', events)).toBe(true);
  });

  it('handles several intervals, last_affected and limit', () => {
    const events = [{ introduced: '1.0' }, { fixed: '1.5' }, { introduced: '2.0' }, { last_affected: '2.3' }];
    const verdict = (v: string) => isInOsvRange('pep440', v, events);
    expect(['0.9', '1.0', '1.4', '1.5', '1.9', '2.0', '2.3', '2.4'].map(verdict)).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(isInOsvRange('semver', '3.0.0', [{ introduced: '0' }, { limit: '2.0.0' }])).toBe(false);
    expect(isInOsvRange('semver', '1.0.0', [{ introduced: '0' }, { limit: '2.0.0' }])).toBe(true);
  });

  it('orders Debian revisions correctly', () => {
    const events = [{ introduced: '0' }, { fixed: '7.88.1-10+deb12u5' }];
    expect(isInOsvRange('debian', '7.88.1-10+deb12u4', events)).toBe(true);
    expect(isInOsvRange('debian', '7.88.1-10+deb12u12', events)).toBe(false);
  });
});

describe('vers ranges', () => {
  it('parses and evaluates intervals, exclusions, equality and the star', () => {
    const npm = parseVers('vers:npm/>=1.0.0|<2.0.0');
    expect(['0.9.0', '1.0.0', '1.5.0', '2.0.0'].map((v) => isInVers(npm, v))).toEqual([false, true, true, false]);
    const pypi = parseVers('vers:pypi/<1.0|>=2.0');
    expect(['0.5', '1.5', '2.1'].map((v) => isInVers(pypi, v))).toEqual([true, false, true]);
    expect(isInVers(parseVers('vers:deb/*'), '1:2.3-4')).toBe(true);
    expect(isInVers(parseVers('vers:npm/1.2.3'), '1.2.3')).toBe(true);
    expect(isInVers(parseVers('vers:npm/1.2.3'), '1.2.4')).toBe(false);
    const not = parseVers('vers:npm/!=1.2.3');
    expect([isInVers(not, '1.2.3'), isInVers(not, '1.2.4')]).toEqual([false, true]);
    const holes = parseVers('vers:pypi/>=1.0|!=1.3|<2.0');
    expect(['1.2', '1.3', '2.0'].map((v) => isInVers(holes, v))).toEqual([true, false, false]);
  });

  it('refuses what is not a vers range', () => {
    expect(() => parseVers('npm/>=1.0')).toThrow(VersSyntaxError);
    expect(() => parseVers('vers:npm/>=')).toThrow(VersSyntaxError);
  });
});
