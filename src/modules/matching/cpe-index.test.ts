import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VulnDb, cveToRecord, loadVulnFiles } from '../vulndb/index.ts';
import { CpeIndex } from './cpe-index.ts';

// Shaped like a CVE 5.1 record enriched by CISA-ADP (URGENT/11 in VxWorks, which many medical devices run).
const urgent11: unknown = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/scan/CVE-2019-12256.cve5-shaped.json'), 'utf8'),
);

function index(): CpeIndex {
  const db = new VulnDb();
  db.add(cveToRecord(urgent11));
  return new CpeIndex(db);
}

describe('matching components by CPE', () => {
  it('matches a version inside the CVE range, from the CPE or from the component version', () => {
    const ids = (cpe: string, version?: string) =>
      index()
        .match(cpe, version)
        .map((h) => h.record.id);
    expect(ids('cpe:2.3:o:windriver:vxworks:6.9:*:*:*:*:*:*:*')).toEqual(['CVE-2019-12256']);
    expect(ids('cpe:2.3:o:windriver:vxworks:6.9.4.11:*:*:*:*:*:*:*')).toEqual(['CVE-2019-12256']);
    expect(ids('cpe:2.3:o:windriver:vxworks:*:*:*:*:*:*:*:*', '6.6')).toEqual(['CVE-2019-12256']);
    expect(ids('cpe:/o:windriver:vxworks:6.7')).toEqual(['CVE-2019-12256']);
  });

  it('does not match outside the range, another product, or an unknown version', () => {
    const ids = (cpe: string, version?: string) =>
      index()
        .match(cpe, version)
        .map((h) => h.record.id);
    expect(ids('cpe:2.3:o:windriver:vxworks:7.0:*:*:*:*:*:*:*')).toEqual([]);
    expect(ids('cpe:2.3:o:windriver:vxworks:6.4:*:*:*:*:*:*:*')).toEqual([]);
    expect(ids('cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*')).toEqual([]);
    expect(ids('cpe:2.3:o:windriver:vxworks:*:*:*:*:*:*:*:*')).toEqual([]);
  });

  it('matches a CPE that names the exact version when the record lists no versions', () => {
    const hit = index().match('cpe:2.3:o:siemens:ruggedcom_win_bs_firmware:4.4:*:*:*:*:*:*:*', undefined);
    expect(hit.map((h) => h.record.id)).toEqual(['CVE-2019-12256']);
    expect(index().match('cpe:2.3:o:siemens:ruggedcom_win_bs_firmware:4.5:*:*:*:*:*:*:*', undefined)).toEqual([]);
  });

  it('matches OpenSSL with its letter patch levels through NVD ranges', async () => {
    const db = new VulnDb();
    await loadVulnFiles(db, [join(import.meta.dirname, '../../../test/fixtures/vulndb/nvd-api-2.0-sample.json')]);
    const nvd = new CpeIndex(db);
    const ids = (v: string) =>
      nvd
        .match(`cpe:2.3:a:openssl:openssl:${v}:*:*:*:*:*:*:*`, undefined)
        .map((h) => h.record.id)
        .sort();
    expect(ids('1.0.1f')).toEqual(['CVE-2014-0160', 'CVE-2016-2107']);
    expect(ids('1.0.1g')).toEqual(['CVE-2016-2107']);
    expect(ids('1.0.1t')).toEqual([]);
    expect(ids('1.0.2g')).toEqual(['CVE-2016-2107']);
    expect(ids('1.0.2h')).toEqual([]);
    expect(ids('1.0.0')).toEqual(['CVE-2016-2107']);
    expect(
      nvd.match('cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*', undefined).find((h) => h.record.id === 'CVE-2014-0160')!.fixed,
    ).toEqual(['1.0.1g']);
  });

  it('throws on an unreadable CPE (the scanner reports it as unusable)', () => {
    expect(() => index().match('cpe:2.3:x:bad', undefined)).toThrow();
  });
});
