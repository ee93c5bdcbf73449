import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildZip } from '../../../test/support/zip-writer.ts';
import { VulnDataError, VulnDb, cveToRecord, loadVulnFiles, nvdToRecords, osvToRecord, parseEpss } from './index.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/vulndb');
const scratch = () => mkdtempSync(join(tmpdir(), 'isao-vulndb-'));
const json = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

describe('OSV records', () => {
  it('normalises a GitHub advisory: aliases, CVSS score, label, ranges', () => {
    const r = osvToRecord(json('ghsa/GHSA-599f-7c49-w659.json'));
    expect(r.id).toBe('GHSA-599f-7c49-w659');
    expect(r.aliases).toEqual(['CVE-2022-42889']);
    expect(r.severity).toContainEqual({ type: 'CVSS_V3', value: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 });
    expect(r.severity).toContainEqual({ type: 'LABEL', value: 'CRITICAL' });
    expect(r.affected[0]).toMatchObject({ ecosystem: 'Maven', name: 'org.apache.commons:commons-text' });
    expect(r.affected[0]!.ranges[0]!.events).toEqual([{ introduced: '1.5' }, { fixed: '1.10.0' }]);
    expect(r.cwes).toEqual(['CWE-94']);
  });

  it('names the place of a defect', () => {
    expect(() => osvToRecord({ id: 'X-1', affected: {} })).toThrow(/at \$\.affected/);
    expect(() => osvToRecord({ id: 'X-1', affected: [{ ranges: [{ type: 'WEIRD', events: [] }] }] })).toThrow(
      /affected\[0\]\.ranges\[0\]\.type/,
    );
    expect(() => osvToRecord({ affected: [] })).toThrow(VulnDataError);
    expect(() => osvToRecord({ id: 'X-1', modified: 'yesterday' })).toThrow(/modified/);
    expect(() => osvToRecord('a string')).toThrow(/expected an object/);
  });
});

describe('loading feed files', () => {
  it('loads the whole Go database from an all.zip: 4,291 records, 17 withdrawn, nothing skipped', async () => {
    const db = new VulnDb();
    let progress = 0;
    const report = await loadVulnFiles(db, [join(fixtures, 'go-all.zip')], { onProgress: (n) => (progress = n) });
    expect(report).toMatchObject({ files: 4291, added: 4291, withdrawn: 17, problems: [] });
    expect(progress).toBe(4291);
    expect(db.records.get('GO-2023-2102')?.related).toEqual(['CVE-2023-44487']);
  });

  it('reads PyPI OSV YAML with versions kept as written (never as numbers)', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'PYSEC-T-1.yaml'),
      'id: PYSEC-T-1\nmodified: 2024-01-01T00:00:00Z\naffected:\n- package: {ecosystem: PyPI, name: demo}\n  versions:\n  - 1.10\n  - 2.0\n',
    );
    const db = new VulnDb();
    const report = await loadVulnFiles(db, [join(fixtures, 'pysec'), dir]);
    expect(report.problems).toEqual([]);
    expect(report.added).toBe(4);
    expect(db.records.get('PYSEC-T-1')!.affected[0]!.versions).toEqual(['1.10', '2.0']);
    expect(db.records.get('PYSEC-2020-342')!.affected[0]!.versions).toContain('1.0.1');
  });

  it('keeps the newest version of a record whatever the loading order (idempotent)', async () => {
    const dir = scratch();
    const rec = (modified: string, summary: string) => JSON.stringify({ id: 'OSV-T-1', modified, summary });
    writeFileSync(join(dir, 'a-new.json'), rec('2024-05-01T00:00:00Z', 'new'));
    writeFileSync(join(dir, 'b-old.json'), rec('2023-01-01T00:00:00Z', 'old'));
    const db = new VulnDb();
    const first = await loadVulnFiles(db, [dir]);
    expect(first).toMatchObject({ added: 1, unchanged: 1 });
    expect(db.records.get('OSV-T-1')!.summary).toBe('new');
    const again = await loadVulnFiles(db, [dir]);
    expect(again).toMatchObject({ added: 0, replaced: 0, unchanged: 2 });
  });

  it('loads KEV, EPSS and CVE JSON 5 next to OSV', async () => {
    const db = new VulnDb();
    const report = await loadVulnFiles(db, [join(fixtures, 'kev-sample.json'), join(fixtures, 'epss-sample.csv'), join(fixtures, 'cve5')]);
    expect(report.problems).toEqual([]);
    expect(report.kevEntries).toBe(2);
    expect(db.kev.get('CVE-2023-44487')?.vendorProject).toBe('IETF');
    expect(db.kevCatalogVersion).toBe('2025.08.25');
    expect(report.epssScores).toBe(40);
    expect(db.epss.get('CVE-1999-0001')).toEqual({ epss: 0.03351, percentile: 0.88255 });
    expect(db.epssScoreDate).toBe('2026-09-29T12:00:22Z');
    expect(db.records.get('CVE-2020-36567')!.affected).toEqual([
      {
        ecosystem: 'Go',
        name: 'github.com/gin-gonic/gin',
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.6.0' }] }],
        versions: [],
      },
    ]);
  });

  it('reports broken files and records without stopping, and refuses a missing path', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'truncated.json'), '{"id": "X-1", "affected": [');
    writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    writeFileSync(join(dir, 'types.json'), JSON.stringify([{ id: 'X-2', affected: 'all' }, { id: 'X-3' }]));
    writeFileSync(
      join(dir, 'laughs.yaml'),
      'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + Array.from({ length: 60 }, (_, i) => `b${i}: [*a,*a,*a,*a,*a,*a,*a,*a]`).join('\n'),
    );
    writeFileSync(join(dir, 'epss.csv'), 'cve,epss,percentile\nCVE-2020-0001,2.5,0.1\n');
    const db = new VulnDb();
    const report = await loadVulnFiles(db, [dir]);
    expect(report.added).toBe(1);
    expect(db.records.has('X-3')).toBe(true);
    const byFile = Object.fromEntries(report.problems.map((p) => [p.place.replace(`${dir}/`, ''), p.message]));
    expect(byFile['truncated.json']).toMatch(/not valid JSON/);
    expect(byFile['latin1.json']).toBe('not valid UTF-8');
    expect(byFile['types.json[0]']).toMatch(/"affected" must be an array/);
    expect(byFile['laughs.yaml']).toMatch(/alias/i);
    expect(byFile['epss.csv']).toMatch(/line 2/);
    await expect(loadVulnFiles(db, [join(dir, 'missing')])).rejects.toThrow(VulnDataError);
  });

  it('refuses zip bombs and archives that lie about sizes, before inflating them', async () => {
    const dir = scratch();
    const bomb = join(dir, 'bomb.zip');
    writeFileSync(bomb, buildZip([{ name: 'big.json', data: Buffer.alloc(80 * 1024 * 1024, 0x20) }]));
    await expect(loadVulnFiles(new VulnDb(), [bomb])).rejects.toThrow(/larger than|ratio/);
    const liar = join(dir, 'liar.zip');
    writeFileSync(liar, buildZip([{ name: 'a.json', data: JSON.stringify({ id: 'X-9', details: 'y'.repeat(5000) }), declaredSize: 10 }]));
    await expect(loadVulnFiles(new VulnDb(), [liar])).rejects.toThrow(VulnDataError);
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'hello');
    await expect(loadVulnFiles(new VulnDb(), [notZip])).rejects.toThrow(/not a readable zip/);
  });
});

describe('identity across databases', () => {
  it('groups records whose aliases link them, in either direction', () => {
    const db = new VulnDb();
    db.add(osvToRecord({ id: 'GO-2022-0274', aliases: ['CVE-2021-43784', 'GHSA-v95c-p5hm-xq8f'] }));
    db.add(osvToRecord({ id: 'GHSA-v95c-p5hm-xq8f', aliases: ['CVE-2021-43784'] }));
    db.add(osvToRecord({ id: 'GO-2023-2102', aliases: ['CVE-2023-39325'], related: ['CVE-2023-44487'] }));
    expect(db.groupOf('GO-2022-0274')).toBe(db.groupOf('GHSA-v95c-p5hm-xq8f'));
    expect(db.groupOf('GO-2022-0274')).not.toBe(db.groupOf('GO-2023-2102'));
    expect(db.groupOf('CVE-2023-44487')).not.toBe(db.groupOf('GO-2023-2102'));
    const identity = db.identityOf([db.records.get('GHSA-v95c-p5hm-xq8f')!, db.records.get('GO-2022-0274')!]);
    expect(identity).toEqual({ id: 'GHSA-v95c-p5hm-xq8f', aliases: ['CVE-2021-43784', 'GO-2022-0274'], related: [] });
  });
});

describe('NVD CVE API 2.0', () => {
  it('reads CVSS, CWE, rejected status and every vulnerable cpeMatch with its range', async () => {
    const db = new VulnDb();
    const report = await loadVulnFiles(db, [join(fixtures, 'nvd-api-2.0-sample.json')]);
    expect(report).toMatchObject({ added: 3, withdrawn: 1, problems: [] });
    const heartbleed = db.records.get('CVE-2014-0160')!;
    expect(heartbleed.feed).toBe('nvd');
    expect(heartbleed.severity).toEqual([{ type: 'CVSS_V3', value: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5 }]);
    expect(heartbleed.cwes).toEqual(['CWE-125']);
    expect(heartbleed.affectedCpes).toEqual([
      { cpes: ['cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*'], versions: [{ version: '1.0.1', lessThan: '1.0.1g' }] },
      { cpes: ['cpe:2.3:a:example:infusion_gateway:3.2:*:*:*:*:*:*:*'], versions: [] },
    ]);
    expect(db.records.get('CVE-2016-2107')!.affectedCpes[0]!.versions).toEqual([{ version: '0', lessThan: '1.0.1t' }]);
    expect(db.records.get('CVE-2099-0001')!.withdrawn).toBe('2099-01-02T00:00:00.000');
  });

  it('names the place of a bad entry and keeps the others', () => {
    const { records, problems } = nvdToRecords({
      format: 'NVD_CVE',
      vulnerabilities: [{ cve: { id: 'nope' } }, { cve: { id: 'CVE-2020-0001', configurations: 'x' } }, { cve: { id: 'CVE-2020-0002' } }],
    });
    expect(records.map((r) => r.id)).toEqual(['CVE-2020-0002']);
    expect(problems.map((p) => p.place)).toEqual(['$.vulnerabilities[0].cve', '$.vulnerabilities[1].cve']);
  });
});

describe('CVE JSON 5 and EPSS details', () => {
  it('reads CPE-named products and CVSS from the CISA-ADP container', () => {
    const r = cveToRecord(json('cve5/CVE-2018-8863.json'));
    expect(r.id).toBe('CVE-2018-8863');
    expect(r.severity.some((s) => s.type === 'CVSS_V3' && typeof s.score === 'number')).toBe(true);
  });

  it('refuses other record versions and bad ids', () => {
    expect(() => cveToRecord({ dataType: 'CVE_RECORD', dataVersion: '4.0' })).toThrow(/5\.x/);
    expect(() => cveToRecord({ dataType: 'CVE_RECORD', dataVersion: '5.1', cveMetadata: { cveId: 'nope' }, containers: {} })).toThrow(
      /not a CVE id/,
    );
  });

  it('reads the EPSS header line and refuses a wrong header', () => {
    const t = parseEpss('#model_version:v2025.03.14,score_date:2025-06-01T00:00:00Z\ncve,epss,percentile\nCVE-2024-0001,0.5,0.9\n');
    expect(t.modelVersion).toBe('v2025.03.14');
    expect(t.scores.get('CVE-2024-0001')).toEqual({ epss: 0.5, percentile: 0.9 });
    expect(() => parseEpss('id,score\n')).toThrow(/line 1/);
  });
});
