import { describe, expect, it } from 'vitest';
import { parsePurl } from '../identity/index.ts';
import type { AffectedPackage } from '../vulndb/vuln-record.ts';
import { evaluateAffected } from './osv-affects.ts';
import { packageKeyOfOsv, packageKeyOfPurl } from './package-key.ts';

const entry = (ecosystem: string, over: Partial<AffectedPackage>): AffectedPackage => ({
  ecosystem,
  name: 'x',
  ranges: [],
  versions: [],
  ...over,
});

describe('package keys: an OSV package and the purl of the same package meet', () => {
  it.each([
    ['npm', '@angular/core', 'pkg:npm/%40angular/core@12.0.0'],
    ['PyPI', 'Django_REST.framework', 'pkg:pypi/django-rest-framework@3.0'],
    ['Maven', 'com.fasterxml.jackson.core:jackson-databind', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10?type=jar'],
    ['Go', 'github.com/opencontainers/runc', 'pkg:golang/github.com/opencontainers/runc@v1.0.1'],
    ['Debian:12', 'openssl', 'pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12'],
    ['Alpine:v3.18', 'busybox', 'pkg:apk/alpine/busybox@1.36.1-r2'],
    ['crates.io', 'hyper', 'pkg:cargo/hyper@0.14.0'],
    ['NuGet', 'Newtonsoft.Json', 'pkg:nuget/newtonsoft.json@13.0.1'],
    ['Packagist', 'laravel/framework', 'pkg:composer/laravel/framework@7.12.0'],
  ])('%s %s = %s', (ecosystem, name, purl) => {
    expect(packageKeyOfOsv(ecosystem, name)).toBe(packageKeyOfPurl(parsePurl(purl)));
  });

  it('keeps different packages apart and knows no key for unknown ecosystems', () => {
    expect(packageKeyOfOsv('npm', 'lodash')).not.toBe(packageKeyOfOsv('npm', 'lodash.merge'));
    expect(packageKeyOfOsv('Ubuntu:22.04', 'openssl')).not.toBe(packageKeyOfOsv('Debian:12', 'openssl'));
    expect(packageKeyOfOsv('Linux', 'kernel')).toBeUndefined();
    expect(packageKeyOfOsv('npm', '  ')).toBeUndefined();
  });
});

describe('evaluating an OSV affected entry on a version', () => {
  it('lists the fixes above the version in the range that contains it', () => {
    const e = entry('Go', {
      ranges: [
        { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.1.14' }, { introduced: '1.2.0-rc.1' }, { fixed: '1.2.0-rc.3' }] },
      ],
    });
    expect(evaluateAffected(e, 'v1.0.1')).toEqual({ affected: true, fixed: ['1.1.14', '1.2.0-rc.3'], unreadable: false });
    expect(evaluateAffected(e, 'v1.1.14').affected).toBe(false);
    expect(evaluateAffected(e, 'v1.2.0-rc.2').affected).toBe(true);
  });

  it('honours explicit versions (Go without its v), last_affected and Maven ordering', () => {
    expect(evaluateAffected(entry('Go', { versions: ['1.0.1'] }), 'v1.0.1').affected).toBe(true);
    const last = entry('PyPI', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { last_affected: '1.4' }] }] });
    expect(evaluateAffected(last, '1.4').affected).toBe(true);
    expect(evaluateAffected(last, '1.4.post1').affected).toBe(false);
    expect(evaluateAffected(last, '1.4').fixed).toEqual([]);
    const maven = entry('Maven', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.13.0' }, { fixed: '2.13.2.1' }] }] });
    expect(evaluateAffected(maven, '2.13.2').affected).toBe(true);
    expect(evaluateAffected(maven, '2.13.2.1').affected).toBe(false);
    expect(evaluateAffected(maven, '2.9.10').affected).toBe(false);
  });

  it('cannot decide GIT ranges and marks unreadable versions instead of guessing', () => {
    expect(evaluateAffected(entry('Go', { ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }), '1.0.0').affected).toBe(false);
    const verdict = evaluateAffected(entry('PyPI', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }] }] }), 'not a version!');
    expect(verdict).toEqual({ affected: false, fixed: [], unreadable: true });
  });
});
