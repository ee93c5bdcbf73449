import { describe, expect, it } from 'vitest';
import { vexJustifications, vexResponses, vexStates } from '../../shared/api/portfolio.ts';
import { sampleFindings, sampleProduct } from '../../../test/support/vex-samples.ts';
import { parseSbom } from '../sbom/index.ts';
import { validateCsaf } from '../csaf/csaf-validation.ts';
import { csafVex } from './csaf-vex-export.ts';
import { cycloneDxVex } from './cyclonedx-vex-export.ts';
import { openVex } from './openvex-export.ts';
import { readVex } from './read-vex.ts';
import { stateOut } from './vex-mapping.ts';
import { matchStatement } from './vex-match.ts';
import type { VexFinding } from './vex-subject.ts';

const product = sampleProduct();
const findings = sampleFindings();
const now = new Date('2026-03-01T12:00:00.000Z');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('CycloneDX 1.5 VEX export', () => {
  const doc = cycloneDxVex(product, findings, now) as Json;

  it('has the CycloneDX 1.5 document structure (checked by hand: no CycloneDX schema is installed)', () => {
    expect(doc).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(doc.metadata.timestamp).toMatch(ISO);
    expect(doc.metadata.component).toMatchObject({
      type: 'device',
      name: 'VitaFlow pump',
      version: '7.1.3',
      supplier: { name: 'Acme Infusion, Inc.' },
      purl: 'pkg:generic/Acme%20Infusion%2C%20Inc./VitaFlow%20pump@7.1.3',
    });
    const refs = [doc.metadata.component['bom-ref'], ...doc.components.map((c: Json) => c['bom-ref'])];
    expect(new Set(refs).size).toBe(refs.length);
    for (const c of doc.components) expect(['library', 'firmware', 'application']).toContain(c.type);
    expect(doc.vulnerabilities).toHaveLength(findings.length);
    for (const v of doc.vulnerabilities) {
      expect(
        Object.keys(v).every((k) => ['bom-ref', 'id', 'source', 'references', 'ratings', 'description', 'analysis', 'affects'].includes(k)),
      ).toBe(true);
      expect(vexStates).toContain(v.analysis.state);
      if (v.analysis.justification) expect(vexJustifications).toContain(v.analysis.justification);
      for (const r of v.analysis.response ?? []) expect(vexResponses).toContain(r);
      expect(v.analysis.firstIssued).toMatch(ISO);
      for (const a of v.affects) expect(refs).toContain(a.ref);
      for (const r of v.ratings ?? []) {
        expect(['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown']).toContain(r.severity);
        if (r.method) expect(['CVSSv2', 'CVSSv3', 'CVSSv31', 'CVSSv4', 'OWASP', 'SSVC', 'other']).toContain(r.method);
      }
      for (const r of v.references ?? [])
        expect(r).toEqual({ id: expect.any(String), source: { name: expect.any(String), url: expect.any(String) } });
    }
  });

  it('states every finding with its key as id, aliases as references with their source, ratings and analysis', () => {
    const log4shell = doc.vulnerabilities.find((v: Json) => v.id === 'CVE-2021-44228');
    expect(log4shell.source).toEqual({ name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' });
    expect(log4shell.references).toEqual([
      { id: 'GHSA-jfh8-c2jp-5v3q', source: { name: 'GitHub', url: 'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q' } },
    ]);
    expect(log4shell.ratings).toEqual([
      { severity: 'critical', score: 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', method: 'CVSSv31' },
    ]);
    expect(log4shell.affects).toEqual([{ ref: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar' }]);
    const exploitable = doc.vulnerabilities.find((v: Json) => v.analysis.state === 'exploitable' && v.id === 'CVE-2020-36518');
    expect(exploitable.analysis).toMatchObject({ response: ['update', 'workaround_available'], detail: expect.stringContaining('7.1.4') });
    expect(doc.vulnerabilities.map((v: Json) => v.analysis.state).sort()).toEqual(findings.map((f) => f.state).sort());
  });

  it('reads back through the SBOM parser', () => {
    const sbom = parseSbom(JSON.stringify(doc));
    expect(sbom.vulnerabilities).toHaveLength(findings.length);
    expect(sbom.subject?.name).toBe('VitaFlow pump');
    expect(sbom.vulnerabilities[0]!.aliases).toEqual(['GHSA-jfh8-c2jp-5v3q']);
  });
});

describe('OpenVEX 0.2.0 export', () => {
  const doc = openVex(product, findings, now) as Json;

  it('has the OpenVEX document structure and one statement per finding', () => {
    expect(doc).toMatchObject({ '@context': 'https://openvex.dev/ns/v0.2.0', author: 'Acme Infusion, Inc.', version: 1 });
    expect(doc['@id']).toMatch(/^urn:uuid:/);
    expect(doc.timestamp).toMatch(ISO);
    expect(doc.statements).toHaveLength(findings.length);
    for (const s of doc.statements) {
      expect(['not_affected', 'affected', 'fixed', 'under_investigation']).toContain(s.status);
      expect(s.products[0]['@id']).toBe('pkg:generic/Acme%20Infusion%2C%20Inc./VitaFlow%20pump@7.1.3');
      expect(s.products[0].subcomponents).toHaveLength(1);
      if (s.status === 'not_affected') expect(s.justification ?? s.impact_statement).toBeTruthy();
      if (s.status === 'affected') expect(s.action_statement).toBeTruthy();
      if (s.justification)
        expect([
          'component_not_present',
          'vulnerable_code_not_present',
          'vulnerable_code_not_in_execute_path',
          'vulnerable_code_cannot_be_controlled_by_adversary',
          'inline_mitigations_already_exist',
        ]).toContain(s.justification);
    }
    const fp = doc.statements.find((s: Json) => s.vulnerability.name === 'CVE-2020-11896');
    expect(fp).toMatchObject({ status: 'not_affected', justification: 'component_not_present' });
    expect(fp.products[0].subcomponents[0]['@id']).toBe('pkg:generic/Treck%20TCP%2FIP@6.0.1.66');
    expect(doc.statements[0].vulnerability).toEqual({
      name: 'CVE-2021-44228',
      '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      description: 'CVE-2021-44228 summary',
    });
  });
});

describe('CSAF 2.0 csaf_vex export', () => {
  it('passes the strict schema and every mandatory test of the BSI validator, with every state', async () => {
    const doc = csafVex(product, findings, now, 'https://isao.example');
    const result = await validateCsaf(doc);
    expect(result.tests).toBeGreaterThan(40);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
    const statuses = (doc.vulnerabilities as Json[]).flatMap((v) => Object.keys(v.product_status));
    expect(new Set(statuses)).toEqual(new Set(['known_affected', 'known_not_affected', 'fixed', 'under_investigation']));
    // The validator does catch what a VEX must carry: without remediations, flags and impact statements it fails.
    const stripped = JSON.parse(JSON.stringify(doc)) as Json;
    for (const v of stripped.vulnerabilities) for (const key of ['remediations', 'flags', 'threats']) delete v[key];
    const tests = new Set((await validateCsaf(stripped)).errors.map((e) => e.test));
    expect(tests).toEqual(new Set(['mandatoryTest_6_1_27_9', 'mandatoryTest_6_1_27_10']));
  }, 60_000);

  it('groups findings by vulnerability, with cve or ids, flags, impact statements and remediations per product', () => {
    const doc: Json = csafVex(product, findings, now, 'https://isao.example');
    expect(doc.document).toMatchObject({ category: 'csaf_vex', publisher: { category: 'vendor', name: 'Acme Infusion, Inc.' } });
    const twice = doc.vulnerabilities.find((v: Json) => v.cve === 'CVE-2021-45046');
    expect(Object.values(twice.product_status).flat()).toHaveLength(2);
    expect(twice.flags).toEqual([{ label: 'vulnerable_code_not_present', product_ids: [twice.product_status.known_not_affected[0]] }]);
    expect(twice.remediations).toEqual([
      { category: 'none_available', details: 'No remediation is available yet.', product_ids: twice.product_status.known_affected },
    ]);
    const noCve = doc.vulnerabilities.find((v: Json) => !v.cve);
    expect(noCve.ids).toEqual([{ system_name: 'GitHub', text: 'GHSA-288c-cq4h-88gq' }]);
    const jackson = doc.vulnerabilities.find((v: Json) => v.cve === 'CVE-2020-36518');
    expect(jackson.remediations.map((r: Json) => r.category)).toEqual(['vendor_fix', 'workaround']);
    expect(jackson.scores[0].cvss_v3).toMatchObject({ version: '3.1', baseScore: 7.5, baseSeverity: 'HIGH' });
    expect(doc.product_tree.relationships.every((r: Json) => r.category === 'default_component_of')).toBe(true);
  });
});

describe('round trip: each format read back states the same decisions on the same findings', () => {
  // Lossy by design (see vex-mapping.ts): OpenVEX and CSAF have no false_positive, no pedigree, and fewer justifications.
  const expected = (f: VexFinding, format: 'cyclonedx' | 'openvex' | 'csaf') => {
    if (format === 'cyclonedx') return { state: f.state, justification: f.justification };
    const back = { under_investigation: 'in_triage', affected: 'exploitable', not_affected: 'not_affected', fixed: 'resolved' } as const;
    const state = back[stateOut[f.state].openvex];
    const justification = {
      code_not_reachable: 'code_not_reachable',
      requires_environment: 'requires_configuration',
      code_not_present: 'code_not_present',
    } as const;
    return {
      state,
      justification:
        f.state === 'false_positive'
          ? 'code_not_present'
          : f.justification
            ? justification[f.justification as keyof typeof justification]
            : null,
    };
  };
  for (const [format, build] of [
    ['cyclonedx', cycloneDxVex],
    ['openvex', openVex],
    ['csaf', (p: typeof product, f: VexFinding[], d: Date) => csafVex(p, f, d, 'https://isao.example')],
  ] as const) {
    it(format, () => {
      const doc = readVex(Buffer.from(JSON.stringify(build(product, findings, now))));
      expect(doc.format).toBe(format);
      const sbom = { documentId: product.sbomDocumentId, components: [] };
      const seen = new Map<string, { state: string | null; justification: string | null }>();
      for (const s of doc.statements) {
        const m = matchStatement(s, product, findings, sbom);
        expect(m.outcome, `${s.place}: ${m.reason}`).toBe('applied');
        expect(m.findings).toHaveLength(1);
        seen.set(m.findings[0]!.id, { state: s.state, justification: s.justification });
      }
      for (const f of findings) expect(seen.get(f.id), `${f.vulnKey} on ${f.component.name}`).toEqual(expected(f, format));
    });
  }
});
