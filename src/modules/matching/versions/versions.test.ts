import { describe, expect, it } from 'vitest';
import { VersionSyntaxError, compareVersions, schemeFor, type VersionScheme } from './index.ts';

// Each row: a < b under the scheme (and b > a, and each equals itself).
const ordered: [VersionScheme, string, string][] = [
  // dpkg (deb-version(7) and dpkg's own test cases)
  ['debian', '1.0~rc1', '1.0'],
  ['debian', '1.0~~', '1.0~'],
  ['debian', '1.0', '1.0a'],
  ['debian', '1.2.3', '1.2.10'],
  ['debian', '2.0', '1:0.9'],
  ['debian', '2.30-1', '2.30-1+deb12u1'],
  ['debian', '7.88.1-10+deb12u5', '7.88.1-10+deb12u12'],
  ['debian', '1.1.1n-0+deb11u5', '1.1.1w-0+deb11u1'],
  ['debian', '3.0.11-1~deb12u1', '3.0.11-1'],
  // rpmvercmp (rpm's test suite)
  ['rpm', '1.0', '2.0'],
  ['rpm', '2.0', '2.0.1'],
  ['rpm', '2.0.1', '2.0.1a'],
  ['rpm', '5.5p1', '5.5p2'],
  ['rpm', '5.5p1', '5.5p10'],
  ['rpm', '10xyz', '10.1xyz'],
  ['rpm', 'xyz10', 'xyz10.1'],
  ['rpm', '1.0a', '1.0.1'],
  ['rpm', '1.0~rc1', '1.0'],
  ['rpm', '1.0~rc1', '1.0~rc2'],
  ['rpm', '1.0', '1.0^'],
  ['rpm', '1.0^git1', '1.01'],
  ['rpm', '1.0-1.el8', '1:0.1-1.el8'],
  ['rpm', '3.0.7-16.el9', '3.0.7-18.el9_2'],
  // PEP 440
  ['pep440', '1.0.dev1', '1.0a1'],
  ['pep440', '1.0a1', '1.0b1'],
  ['pep440', '1.0b1', '1.0rc1'],
  ['pep440', '1.0rc1', '1.0'],
  ['pep440', '1.0', '1.0.post1'],
  ['pep440', '2.0', '1!0.1'],
  ['pep440', '1.9', '1.10'],
  // SemVer and Go (pseudo-versions are pre-releases of their base)
  ['semver', '1.2.3-alpha', '1.2.3'],
  ['semver', 'v1.9.9', 'v1.10.0'],
  ['semver', 'v0.0.0-20210101000000-abcdef123456', 'v0.1.0'],
  ['semver', 'v0.0.0-20210101000000-abcdef123456', 'v0.0.0-20220101000000-123456abcdef'],
  ['semver', '1.0.0-alpha.1', '1.0.0-alpha.beta'],
  // Alpine (apk-tools' ordering)
  ['alpine', '1.2.3_rc1', '1.2.3'],
  ['alpine', '1.2.3_alpha', '1.2.3_beta'],
  ['alpine', '1.2.3', '1.2.3_p1'],
  ['alpine', '1.2.3-r0', '1.2.3-r1'],
  ['alpine', '3.1.4-r5', '3.1.4a-r0'],
  ['alpine', '1.2.9', '1.2.10'],
  ['alpine', '1.02', '1.1'],
  ['alpine', '3.0.13-r0', '3.0.15-r0'],
  // NuGet
  ['nuget', '1.0.0-alpha', '1.0.0-Beta'],
  ['nuget', '1.0.0', '1.0.0.1'],
  ['nuget', '1.0.0-rc.2', '1.0.0-rc.10'],
  // generic
  ['generic', '1.0-beta', '1.0-rc1'],
  ['generic', '1.0-rc1', '1.0'],
  ['generic', '1.9', '1.10'],
  ['generic', '2.4.0', '2.4.0.1'],
  ['generic', 'R2.3', 'R2.10'],
];

const equal: [VersionScheme, string, string][] = [
  ['debian', '1.0', '1.0-0'],
  ['debian', '0:1.0', '1.0'],
  ['rpm', 'a+', 'a-'],
  ['rpm', '1.0', '1.0-5'],
  ['pep440', '1.0', '1.0.0'],
  ['nuget', '1.0', '1.0.0.0'],
  ['nuget', '1.0.0-RC', '1.0.0-rc'],
  ['semver', 'v1.2.3', '1.2.3'],
  ['generic', '1.0', '1.0.0'],
];

describe('version ordering per scheme', () => {
  it.each(ordered)('%s: %s < %s', (scheme, a, b) => {
    expect(compareVersions(scheme, a, b)).toBeLessThan(0);
    expect(compareVersions(scheme, b, a)).toBeGreaterThan(0);
    expect(compareVersions(scheme, a, a)).toBe(0);
  });

  it.each(equal)('%s: %s = %s', (scheme, a, b) => {
    expect(compareVersions(scheme, a, b)).toBe(0);
  });

  it('names the scheme of OSV ecosystems and purl types', () => {
    expect(schemeFor('PyPI')).toBe('pep440');
    expect(schemeFor('Debian:12')).toBe('debian');
    expect(schemeFor('Go')).toBe('semver');
    expect(schemeFor('Red Hat')).toBe('rpm');
    expect(schemeFor('Alpine:v3.19')).toBe('alpine');
    expect(schemeFor('SomethingNew')).toBe('generic');
  });

  it('refuses what a scheme cannot parse', () => {
    expect(() => compareVersions('pep440', 'not a version!', '1.0')).toThrow(VersionSyntaxError);
    expect(() => compareVersions('nuget', '1.0.0.0.0', '1.0')).toThrow(VersionSyntaxError);
    expect(() => compareVersions('semver', 'banana', '1.0.0')).toThrow(VersionSyntaxError);
    expect(() => compareVersions('alpine', '1.0_foo', '1.0')).toThrow(VersionSyntaxError);
  });
});
