import { describe, expect, it } from 'vitest';
import { compareMaven } from './maven.ts';
import { VersionSyntaxError, compareVersions, schemeFor } from './index.ts';

// Test data ported from Maven's ComparableVersionTest (apache/maven, Apache-2.0): the orderings, the
// equalities and the regression cases (MNG-5568, MNG-6572, MNG-6964, MNG-7644), as Maven 3.9 has them.

const VERSIONS_QUALIFIER = [
  '1-alpha2snapshot',
  '1-alpha2',
  '1-alpha-123',
  '1-beta-2',
  '1-beta123',
  '1-m2',
  '1-m11',
  '1-rc',
  '1-cr2',
  '1-rc123',
  '1-SNAPSHOT',
  '1',
  '1-sp',
  '1-sp2',
  '1-sp123',
  '1-abc',
  '1-def',
  '1-pom-1',
  '1-1-snapshot',
  '1-1',
  '1-2',
  '1-123',
];

// Since MNG-7644 "2.0.a" equals "2-a", so it sorts below "2-1" (and "2.0.0.a" is the same version).
const VERSIONS_NUMBER = [
  '2.0',
  '2.0.a',
  '2-1',
  '2.0.2',
  '2.0.123',
  '2.1.0',
  '2.1-a',
  '2.1b',
  '2.1-c',
  '2.1-1',
  '2.1.0.1',
  '2.2',
  '2.123',
  '11.a2',
  '11.a11',
  '11.b2',
  '11.b11',
  '11.m2',
  '11.m11',
  '11',
  '11.a',
  '11b',
  '11c',
  '11m',
];

const EQUAL: [string, string][] = [
  ['1', '1'],
  ['1', '1.0'],
  ['1', '1.0.0'],
  ['1.0', '1.0.0'],
  ['1', '1-0'],
  ['1', '1.0-0'],
  ['1.0', '1.0-0'],
  // no separator between number and character
  ['1a', '1-a'],
  ['1a', '1.0-a'],
  ['1a', '1.0.0-a'],
  ['1.0a', '1-a'],
  ['1.0.0a', '1-a'],
  ['1x', '1-x'],
  ['1x', '1.0-x'],
  ['1x', '1.0.0-x'],
  ['1.0x', '1-x'],
  ['1.0.0x', '1-x'],
  // aliases
  ['1ga', '1'],
  ['1release', '1'],
  ['1final', '1'],
  ['1cr', '1rc'],
  // special "aliases" a, b and m for alpha, beta and milestone
  ['1a1', '1-alpha-1'],
  ['1b2', '1-beta-2'],
  ['1m3', '1-milestone-3'],
  // case insensitive
  ['1X', '1x'],
  ['1A', '1a'],
  ['1B', '1b'],
  ['1M', '1m'],
  ['1Ga', '1'],
  ['1GA', '1'],
  ['1RELEASE', '1'],
  ['1release', '1'],
  ['1RELeaSE', '1'],
  ['1Final', '1'],
  ['1FinaL', '1'],
  ['1FINAL', '1'],
  ['1Cr', '1Rc'],
  ['1cR', '1rC'],
  ['1m3', '1Milestone3'],
  ['1m3', '1MileStone3'],
  ['1m3', '1MILESTONE3'],
  ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['1.0.0-alpha1', '1.0.0-ALPHA1'],
  ['1.a', '1.A'],
  ['1.é', '1.É'],
];

const ORDERED: [string, string][] = [
  ['1', '2'],
  ['1.5', '2'],
  ['1', '2.5'],
  ['1.0', '1.1'],
  ['1.1', '1.2'],
  ['1.0.0', '1.1'],
  ['1.0.1', '1.1'],
  ['1.1', '1.2.0'],
  ['1.0-alpha-1', '1.0'],
  ['1.0-alpha-1', '1.0-alpha-2'],
  ['1.0-alpha-1', '1.0-beta-1'],
  ['1.0-beta-1', '1.0-SNAPSHOT'],
  ['1.0-SNAPSHOT', '1.0'],
  ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'],
  ['1.0', '1.0-1'],
  ['1.0-1', '1.0-2'],
  ['1.0.0', '1.0-1'],
  ['2.0-1', '2.0.1'],
  ['2.0.1-klm', '2.0.1-lmn'],
  ['2.0.1', '2.0.1-xyz'],
  ['2.0.1', '2.0.1-123'],
  ['2.0.1-xyz', '2.0.1-123'],
  // leading zeroes, digits above letters, lexical order of unknown qualifiers
  ['0.7', '2'],
  ['0.2', '1.0.7'],
  ['J', '7'],
  ['c', '7'],
  ['aardvark', 'zebra'],
  ['zebra', 'ζέβρα'],
  ['é', '1'],
  ['\u{1D7E4}', '1'], // MATHEMATICAL SANS-SERIF DIGIT TWO is not a digit
  // MNG-5568: transitivity with an unusual 'H' in the middle
  ['6.1.0rc3', '6.1.0'],
  ['6.1.0rc3', '6.1H.5-beta'],
  ['6.1.0', '6.1H.5-beta'],
  // MNG-6572: numbers of any length
  ['20190126.230843', '1234567890.12345'],
  ['1234567890.12345', '123456789012345.1H.5-beta'],
  ['20190126.230843', '123456789012345.1H.5-beta'],
  ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'],
  ['1234567890.12345', '12345678901234567890.1H.5-beta'],
  ['20190126.230843', '12345678901234567890.1H.5-beta'],
  // MNG-6964: qualifiers after "-0."
  ['1-0.alpha', '1'],
  ['1-0.beta', '1'],
  ['1-0.alpha', '1-0.beta'],
];

// MNG-7644: 1.0.0.X1 < 1.0.0-X2 and 2.0.X == 2-X == 2.0.0.X for any string X.
for (const x of ['abc', 'alpha', 'a', 'beta', 'b', 'def', 'milestone', 'm', 'RC']) {
  ORDERED.push([`1.0.0.${x}1`, `1.0.0-${x}2`]);
  EQUAL.push([`2-${x}`, `2.0.${x}`], [`2-${x}`, `2.0.0.${x}`], [`2.0.${x}`, `2.0.0.${x}`]);
}

// Every version with leading zeroes, lengths 1 to 19, equals the others (MNG-6572).
for (const digit of ['1', '0']) {
  const arr = Array.from({ length: 19 }, (_, k) => `${'0'.repeat(18 - k)}${digit}`);
  for (let i = 0; i < arr.length; i++) for (let j = i; j < arr.length; j++) EQUAL.push([arr[i]!, arr[j]!]);
}

const strictlyIncreasing = (versions: string[]) =>
  versions.flatMap((low, i) => versions.slice(i + 1).map((high): [string, string] => [low, high]));

describe('Maven version ordering (ComparableVersion)', () => {
  it.each(strictlyIncreasing(VERSIONS_QUALIFIER))('qualifiers: %s < %s', (low, high) => {
    expect(compareMaven(low, high)).toBe(-1);
    expect(compareMaven(high, low)).toBe(1);
  });

  it.each(strictlyIncreasing(VERSIONS_NUMBER))('numbers: %s < %s', (low, high) => {
    expect(compareMaven(low, high)).toBe(-1);
    expect(compareMaven(high, low)).toBe(1);
  });

  it.each(ORDERED)('%s < %s', (low, high) => {
    expect(compareMaven(low, high)).toBe(-1);
    expect(compareMaven(high, low)).toBe(1);
  });

  it.each(EQUAL)('%s == %s', (a, b) => {
    expect(compareMaven(a, b)).toBe(0);
    expect(compareMaven(b, a)).toBe(0);
  });

  it('orders real Maven Central releases', () => {
    const log4j = ['2.0-beta9', '2.0-rc1', '2.0', '2.3.2', '2.12.2', '2.12.4', '2.15.0', '2.16.0', '2.17.0', '2.17.1'];
    expect([...log4j].reverse().sort(compareMaven)).toEqual(log4j);
    const spring = ['5.3.0-M1', '5.3.0-RC1', '5.3.0', '5.3.18', '5.3.20', '6.0.0-M2', '6.0.0'];
    expect([...spring].reverse().sort(compareMaven)).toEqual(spring);
    expect(compareMaven('2.13.4.2', '2.13.4')).toBe(1); // jackson-databind micro patches
    expect(compareMaven('31.1-jre', '31.1-android')).toBe(1); // guava flavours: unknown qualifiers, lexically
    expect(compareMaven('1-constructor', '1-tostring')).toBe(-1); // qualifier names are only data
  });

  it('is wired into compareVersions for the Maven ecosystem', () => {
    expect(schemeFor('Maven')).toBe('maven');
    expect(schemeFor('maven')).toBe('maven');
    expect(compareVersions('maven', '1.0-SNAPSHOT', '1.0')).toBe(-1);
    expect(compareVersions('maven', '1.0.RC2', '1.0-RC3')).toBe(-1);
  });

  it('refuses hostile input quickly', () => {
    expect(() => compareMaven('1'.repeat(10_000_000), '1')).toThrow(VersionSyntaxError);
    const started = performance.now();
    expect(compareMaven('1-'.repeat(2_000), '1-'.repeat(1_999))).toBe(1); // 2,000 nested sub-lists
    expect(compareMaven('9'.repeat(4_000), '9'.repeat(3_999))).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
