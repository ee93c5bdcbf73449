import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareCsafVersions, csafFileName, summariseCsaf } from './csaf-document.ts';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/csaf/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('summariseCsaf on CISA medical advisories', () => {
  it('reads ICSMA-22-251-01 (Baxter Sigma Spectrum)', () => {
    const s = summariseCsaf(fixture('icsma/icsma-22-251-01.json'));
    expect(s.category).toBe('csaf_security_advisory');
    expect(s.title).toBe('Baxter Sigma Spectrum Infusion Pump (Update A)');
    expect(s.lang).toBe('en-US');
    expect(s.tlp).toBe('WHITE');
    expect(s.publisher).toEqual({ name: 'CISA', namespace: 'https://www.cisa.gov/', category: 'coordinator' });
    expect(s.tracking).toEqual({
      id: 'ICSMA-22-251-01',
      version: '2',
      status: 'final',
      initialReleaseDate: '2022-09-08T00:00:00.000000Z',
      currentReleaseDate: '2022-09-29T00:00:00.000000Z',
      revisions: [
        { number: '1', date: '2022-09-08T00:00:00.000000Z', summary: 'Baxter Sigma Spectrum Infusion Pump (Update A)' },
        { number: '2', date: '2022-09-29T00:00:00.000000Z', summary: 'Baxter Sigma Spectrum Infusion Pump (Update A)' },
      ],
    });
    // The summary is the first "summary" note, not the first note (a general disclaimer comes before it).
    expect(s.notes[0]!.category).toBe('general');
    expect(s.summary).toBe(
      'Successful exploitation of these vulnerabilities could result in access to sensitive data and alteration of system configuration.',
    );
    expect(s.acknowledgments).toEqual(['Deral Heiland (Rapid 7) for reporting these vulnerabilities to Baxter']);

    expect(s.products.map((p) => p.productId)).toEqual([
      'CSAFPID-0001',
      'CSAFPID-0002',
      'CSAFPID-0003',
      'CSAFPID-0004',
      'CSAFPID-0005',
      'CSAFPID-0006',
    ]);
    expect(s.products.every((p) => p.vendor === 'Baxter' && p.cpe === null && p.purl === null && p.family === null)).toBe(true);
    expect(s.products[0]).toEqual({
      productId: 'CSAFPID-0001',
      name: 'Baxter Spectrum IQ: (v9.x) model 35700BAX3',
      vendor: 'Baxter',
      productName: 'Baxter Spectrum IQ',
      family: null,
      version: '9.x model 35700BAX3',
      versionIsRange: false,
      cpe: null,
      purl: null,
    });
    expect(s.products[1]).toMatchObject({
      productName: 'Baxter Spectrum IQ LVP',
      version: '9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)',
      versionIsRange: true,
    });
    expect(s.products[2]).toMatchObject({ productName: 'Sigma Spectrum', version: '8.x model 35700BAX2', versionIsRange: false });

    expect(s.vulnerabilities.map((v) => v.cve)).toEqual(['CVE-2022-26390', 'CVE-2022-26392', 'CVE-2022-26393', 'CVE-2022-26394']);
    const [first, , , last] = s.vulnerabilities;
    expect(first!.cwe).toEqual({ id: 'CWE-311', name: 'Missing Encryption of Sensitive Data' });
    expect(first!.scores).toEqual([
      { version: '3.0', baseScore: 4.2, severity: 'MEDIUM', vector: 'CVSS:3.0/AV:P/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N' },
    ]);
    expect(last!.cwe!.id).toBe('CWE-306');
    expect(last!.scores[0]).toMatchObject({ baseScore: 7.5, severity: 'HIGH' });
    expect(first!.productStatus).toEqual({ known_affected: s.products.map((p) => p.productId) });
    expect(first!.remediations).toHaveLength(10);
    expect(first!.remediations[0]).toMatchObject({ category: 'vendor_fix', url: null, productIds: s.products.map((p) => p.productId) });
    expect(first!.remediations[0]!.details).toMatch(/^According to Baxter, software updates to disable Telnet and FTP/);
    expect(first!.remediations.map((r) => r.category)).toEqual(['vendor_fix', ...Array<string>(8).fill('mitigation'), 'vendor_fix']);
    expect(first!.remediations[9]!.url).toBe('https://www.baxter.com/product-security#additionalresources');
    expect(first!.notes[0]).toMatchObject({ category: 'summary', title: 'Vulnerability Summary' });
  });

  it('reads ICSMA-24-254-01 (BPL PWS-01-BT): ranges and every version', () => {
    const s = summariseCsaf(fixture('icsma/icsma-24-254-01.json'));
    expect(s.tracking).toMatchObject({
      id: 'ICSMA-24-254-01',
      version: '1',
      status: 'final',
      revisions: [{ number: '1', summary: 'Initial Publication' }],
    });
    expect(s.tlp).toBe('WHITE');
    expect(s.publisher.name).toBe('CISA');
    expect(s.summary).not.toBe('');
    expect(s.summary).toBe(s.notes.find((n) => n.category === 'summary')!.text);
    expect(s.products).toEqual([
      expect.objectContaining({
        productId: 'CSAFPID-0001',
        vendor: 'BPL Medical Technologies',
        productName: 'Be Well Android Application',
        version: '<=3.64',
        versionIsRange: true,
      }),
      expect.objectContaining({
        productId: 'CSAFPID-0002',
        vendor: 'BPL Medical Technologies',
        productName: 'PWS-01-BT',
        version: 'vers:all/*',
        versionIsRange: true,
      }),
    ]);
    expect(s.vulnerabilities).toHaveLength(1);
    const v = s.vulnerabilities[0]!;
    expect(v.cve).toBe('CVE-2024-34463');
    expect(v.cwe).toEqual({ id: 'CWE-319', name: 'Cleartext Transmission of Sensitive Information' });
    expect(v.scores).toEqual([
      { version: '3.1', baseScore: 4.6, severity: 'MEDIUM', vector: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N' },
    ]);
    expect(v.productStatus).toEqual({ known_affected: ['CSAFPID-0001', 'CSAFPID-0002'] });
    expect(v.remediations).toEqual([
      expect.objectContaining({
        category: 'mitigation',
        productIds: ['CSAFPID-0001', 'CSAFPID-0002'],
        url: 'https://www.bplmedicaltechnologies.com/customer-care/',
      }),
    ]);
  });
});

describe('summariseCsaf on the OASIS examples', () => {
  it('reads the Cisco advisory: no TLP, semantic version, products under service packs', () => {
    const s = summariseCsaf(fixture('csaf__cisco-sa-20180328-smi2.json'));
    expect(s.tlp).toBeNull();
    expect(s.publisher).toEqual({ name: 'Cisco PSIRT', namespace: 'https://www.cisco.com', category: 'vendor' });
    expect(s.tracking).toMatchObject({ id: 'cisco-sa-20180328-smi2', version: '3.0.0' });
    expect(s.tracking.revisions.map((r) => r.number)).toEqual(['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.0', '2.0.0', '3.0.0']);
    expect(s.summary).toMatch(/^A vulnerability in the Smart Install feature of Cisco IOS Software/);
    expect(s.products.find((p) => p.productId === 'CVRFPID-103763')).toEqual({
      productId: 'CVRFPID-103763',
      name: 'Cisco IOS 12.2SE 12.2(55)SE',
      vendor: 'Cisco',
      productName: 'IOS',
      family: null,
      version: '12.2SE',
      versionIsRange: false,
      cpe: null,
      purl: null,
    });
    const v = s.vulnerabilities[0]!;
    expect(v.cve).toBe('CVE-2018-0171');
    expect(v.cwe).toBeNull();
    expect(v.ids).toEqual([{ system: 'Cisco Bug ID', text: 'CSCvg76186' }]);
    expect(v.scores[0]).toMatchObject({ version: '3.0', baseScore: 9.8, severity: 'CRITICAL' });
    // Every product the advisory lists as affected is one the product tree names.
    const ids = new Set(s.products.map((p) => p.productId));
    expect(v.productStatus['known_affected']!.length).toBeGreaterThan(100);
    expect(v.productStatus['known_affected']!.every((id) => ids.has(id))).toBe(true);
    expect(v.remediations[0]).toMatchObject({ category: 'workaround', url: null });
  });

  it('reads the Red Hat advisory: a product family, the fixed status, the remediation URL', () => {
    const s = summariseCsaf(fixture('csaf__rhsa-2021_5217.json'));
    expect(s.tlp).toBe('WHITE');
    expect(s.tracking).toMatchObject({ id: 'RHSA-2021:5217', version: '1' });
    expect(s.summary).toMatch(/^A security update is now available for Red Hat Single Sign-On 7.5/);
    expect(s.products).toEqual([
      {
        productId: 'Red Hat Single Sign-On',
        name: 'Red Hat Single Sign-On',
        vendor: 'Red Hat',
        productName: null,
        family: 'Red Hat Single Sign-On',
        version: null,
        versionIsRange: false,
        cpe: null,
        purl: null,
      },
    ]);
    const v = s.vulnerabilities[0]!;
    expect(v.productStatus).toEqual({ fixed: ['Red Hat Single Sign-On'] });
    expect(v.ids).toEqual([{ system: 'Red Hat Bugzilla', text: 'https://bugzilla.redhat.com/show_bug.cgi?id=2033602' }]);
    expect(v.remediations).toEqual([
      expect.objectContaining({
        category: 'vendor_fix',
        productIds: ['Red Hat Single Sign-On'],
        url: 'https://access.redhat.com/errata/RHSA-2021:5217',
      }),
    ]);
  });

  it('reads full_product_names and relationships, and expands product groups', () => {
    // The fixtures name every product in branches; this revision of the Red Hat advisory adds the other two ways.
    const doc = structuredClone(fixture('csaf__rhsa-2021_5217.json')) as {
      product_tree: Record<string, unknown>;
      vulnerabilities: Record<string, unknown>[];
    };
    doc.product_tree['full_product_names'] = [
      {
        name: 'Red Hat Single Sign-On 7.5 for RHEL 8',
        product_id: 'RHSSO-7.5-EL8',
        product_identification_helper: { cpe: 'cpe:/a:redhat:red_hat_single_sign_on:7.5::el8' },
      },
    ];
    doc.product_tree['relationships'] = [
      {
        category: 'default_component_of',
        product_reference: 'keycloak',
        relates_to_product_reference: 'RHSSO-7.5-EL8',
        full_product_name: {
          name: 'keycloak as a component of Red Hat Single Sign-On 7.5 for RHEL 8',
          product_id: 'RHSSO-7.5-EL8:keycloak',
          product_identification_helper: { purl: 'pkg:maven/org.keycloak/keycloak-core@15.0.4' },
        },
      },
    ];
    doc.product_tree['product_groups'] = [{ group_id: 'SSO-7.5', product_ids: ['RHSSO-7.5-EL8', 'RHSSO-7.5-EL8:keycloak'] }];
    const remediations = doc.vulnerabilities[0]!['remediations'] as Record<string, unknown>[];
    remediations.push({
      category: 'mitigation',
      details: 'Disable user registration.',
      product_ids: ['RHSSO-7.5-EL8'],
      group_ids: ['SSO-7.5', 'NO-SUCH-GROUP'],
    });

    const s = summariseCsaf(doc);
    expect(s.products.map((p) => p.productId)).toEqual(['Red Hat Single Sign-On', 'RHSSO-7.5-EL8', 'RHSSO-7.5-EL8:keycloak']);
    expect(s.products[1]).toMatchObject({
      vendor: null,
      productName: null,
      version: null,
      cpe: 'cpe:/a:redhat:red_hat_single_sign_on:7.5::el8',
      purl: null,
    });
    expect(s.products[2]).toMatchObject({
      name: 'keycloak as a component of Red Hat Single Sign-On 7.5 for RHEL 8',
      vendor: null,
      purl: 'pkg:maven/org.keycloak/keycloak-core@15.0.4',
    });
    const mitigation = s.vulnerabilities[0]!.remediations[1]!;
    expect(mitigation.category).toBe('mitigation');
    // The group's products, each once (RHSSO-7.5-EL8 is named directly and through the group); an unknown group adds nothing.
    expect(mitigation.productIds).toEqual(['RHSSO-7.5-EL8', 'RHSSO-7.5-EL8:keycloak']);
  });
});

describe('summariseCsaf on a hostile product tree', () => {
  it('reads a product 10,000 branches deep without a stack overflow', () => {
    const depth = 10_000;
    let branch: Record<string, unknown> = {
      category: 'product_version',
      name: '1.0',
      product: { name: 'Deep Device 1.0', product_id: 'DEEP-1' },
    };
    for (let i = depth - 2; i >= 1; i--) branch = { category: 'product_family', name: `family ${i}`, branches: [branch] };
    branch = { category: 'vendor', name: 'Deep Vendor', branches: [branch] };
    const doc = {
      document: { category: 'csaf_base', title: 'Deep', tracking: { id: 'DEEP-1', version: '1' } },
      product_tree: { branches: [branch] },
    };
    const s = summariseCsaf(doc);
    expect(s.products).toHaveLength(1);
    // The vendor at the top and the version at the bottom both reach the product; the nearest family wins.
    expect(s.products[0]).toMatchObject({ productId: 'DEEP-1', vendor: 'Deep Vendor', family: `family ${depth - 2}`, version: '1.0' });
  });

  it('reads an empty or malformed document as empty, without throwing', () => {
    expect(summariseCsaf(null)).toMatchObject({ title: '', tlp: null, products: [], vulnerabilities: [], summary: '' });
    expect(summariseCsaf({ product_tree: { branches: 'nope' }, vulnerabilities: [null, 1] }).vulnerabilities).toHaveLength(2);
  });
});

describe('csafFileName (CSAF 2.0 section 5.1)', () => {
  it.each([
    ['RHSA-2021:5217', 'rhsa-2021_5217.json'],
    ['cisco-sa-20180328-smi2', 'cisco-sa-20180328-smi2.json'],
    ['ICSMA-22-251-01', 'icsma-22-251-01.json'],
    ['BSI-2022-0001', 'bsi-2022-0001.json'],
    ['Example Company - 2019-YH3234', 'example_company_-_2019-yh3234.json'],
    ['a+b  /::c', 'a+b_c.json'],
    ['Übung.1', '_bung_1.json'],
  ])('%j → %j', (id, name) => {
    expect(csafFileName(id)).toBe(name);
  });
});

describe('compareCsafVersions', () => {
  // Each row: a < b.
  const ordered: [string, string][] = [
    ['1', '2'],
    ['2', '10'],
    ['9', '10'],
    ['1.0.0', '1.0.1'],
    ['1.9.0', '1.10.0'],
    ['1.0.0-rc.1', '1.0.0'],
    ['1.0.0-alpha', '1.0.0-alpha.1'],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta'],
    ['1.0.0-alpha.beta', '1.0.0-beta'],
    ['1.0.0-beta', '1.0.0-beta.2'],
    ['1.0.0-beta.2', '1.0.0-beta.11'],
    ['1.0.0-rc.2', '1.0.0-rc.10'],
    ['1.0.0-beta.11', '1.0.0-rc.1'],
    ['0.9.9', '1.0.0-rc.1'],
    ['2.0.0', '3.0.0'],
  ];

  it.each(ordered)('%s < %s', (a, b) => {
    expect(compareCsafVersions(a, b)).toBe(-1);
    expect(compareCsafVersions(b, a)).toBe(1);
    expect(compareCsafVersions(a, a)).toBe(0);
  });

  it('ignores build metadata', () => {
    expect(compareCsafVersions('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(compareCsafVersions('1.0.0+20240101', '1.0.0')).toBe(0);
    expect(compareCsafVersions('1.0.0-rc.1+build.5', '1.0.0-rc.1')).toBe(0);
    expect(compareCsafVersions('1.0.0-rc.1+zzz', '1.0.0')).toBe(-1);
  });
});
