import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSameProduct, isSameVendor, nameTokens, vendorTokens, versionVerdict, type VersionVerdict } from './name-match.ts';

describe('name tokens', () => {
  it('lower-cases, removes accents and splits on anything but letters and digits', () => {
    expect(nameTokens('Dräger Infinity® Delta-XL (v2)')).toEqual(['drager', 'infinity', 'delta', 'xl', 'v2']);
    expect(nameTokens('  --  ')).toEqual([]);
  });

  it('keeps only the distinguishing words of a company name', () => {
    expect(vendorTokens('Baxter Healthcare Corporation')).toEqual(['baxter', 'healthcare']);
    expect(vendorTokens('SOOIL Developments Co, Ltd.')).toEqual(['sooil', 'developments']);
    expect(vendorTokens('Hamilton Medical AG')).toEqual(['hamilton', 'medical']);
    // A name made only of corporate words keeps them, rather than becoming nothing.
    expect(vendorTokens('The Company')).toEqual(['the', 'company']);
  });
});

describe('isSameVendor', () => {
  it.each([
    ['Baxter', 'Baxter Healthcare Corporation'],
    ['Baxter', 'Baxter International Inc.'],
    ['Medtronic', 'Medtronic, Inc.'],
    ['Hamilton Medical AG', 'Hamilton Medical'],
    ['B. Braun Melsungen AG', 'B. Braun Melsungen GmbH'],
    ['SOOIL Developments Co, Ltd.', 'SOOIL Developments Ltd'],
    ['Hill-Rom', 'Hillrom'],
    ['Hillrom', 'Hill-Rom Holdings, Inc.'],
    ['Dräger', 'Drager'],
    ['Innokas Yhtymä Oy', 'INNOKAS YHTYMA'],
    ['GE Healthcare', 'GE'],
    ['Philips', 'Philips Medical Systems'],
    ['Becton, Dickinson and Company (BD)', 'Becton Dickinson'],
  ])('"%s" may be "%s" (both ways)', (advisory, org) => {
    expect(isSameVendor(advisory, org)).toBe(true);
    expect(isSameVendor(org, advisory)).toBe(true);
  });

  it.each([
    // Philips (Royal Philips) and Phillips-Medisize (a Molex contract manufacturer) are different companies; the
    // spellings differ by one letter, and only exact words are compared, so they are rightly kept apart.
    ['Philips', 'Phillips-Medisize'],
    ['GE Healthcare', 'GE Appliances'],
    ['Boston Scientific', 'Boston Dynamics'],
    ['Baxter', 'Baxa Corporation'],
    ['Medtronic', 'Medtron AG'],
    ['Smiths Medical', 'Smith & Nephew'],
  ])('"%s" is not "%s"', (advisory, org) => {
    expect(isSameVendor(advisory, org)).toBe(false);
    expect(isSameVendor(org, advisory)).toBe(false);
  });

  it('never matches an empty name', () => {
    expect(isSameVendor('', 'Baxter')).toBe(false);
    expect(isSameVendor('Baxter', '  ')).toBe(false);
  });

  it('misses names that only a person would link (current behaviour)', () => {
    // Known miss: an abbreviation is not its company's full name.
    expect(isSameVendor('BD', 'Becton, Dickinson and Company')).toBe(false);
    expect(isSameVendor('Becton, Dickinson and Company (BD)', 'BD')).toBe(false);
    // Known miss: the German transliteration of ä.
    expect(isSameVendor('Dräger', 'Draeger')).toBe(false);
    // Known miss: the distinguishing word is not the first one.
    expect(isSameVendor('Koninklijke Philips N.V.', 'Philips')).toBe(false);
  });
});

describe('isSameProduct', () => {
  it('matches names equal after case, accents and punctuation', () => {
    expect(isSameProduct('PWS-01-BT', 'PWS01BT')).toBe(true);
    expect(isSameProduct('Sigma Spectrum', 'SIGMA  spectrum')).toBe(true);
    expect(isSameProduct('Évolution', 'evolution')).toBe(true);
  });

  it('matches when one name is a run of whole words inside the other', () => {
    expect(isSameProduct('Sigma Spectrum', 'Sigma Spectrum Infusion System')).toBe(true);
    expect(isSameProduct('Sigma Spectrum Infusion System', 'Spectrum')).toBe(true);
    expect(isSameProduct('Alaris PC Unit', 'Alaris')).toBe(true);
    expect(isSameProduct('Carescape B450', 'B450')).toBe(true);
  });

  it('needs 3 characters or more on the shorter side of a contained match', () => {
    expect(isSameProduct('Alaris PC Unit', 'PC')).toBe(false);
    expect(isSameProduct('7900 MRI', 'MR')).toBe(false);
    expect(isSameProduct('7900 MRI', 'MRI')).toBe(true);
    // Equal names need no minimum.
    expect(isSameProduct('PC', 'P-C')).toBe(true);
  });

  it('does not match different products', () => {
    expect(isSameProduct('Sigma Spectrum', 'Spectrum IQ')).toBe(false);
    expect(isSameProduct('Sigma Infusion', 'Sigma Spectrum Infusion System')).toBe(false); // words not in a run
    expect(isSameProduct('Alaris', 'Alarisx')).toBe(false); // whole words only
    expect(isSameProduct('Be Well Android Application', 'PWS-01-BT')).toBe(false);
    expect(isSameProduct('', 'PWS-01-BT')).toBe(false);
  });
});

describe('versionVerdict', () => {
  const cases: [string | null, string, VersionVerdict][] = [
    // Every version
    ['vers:all/*', '1.0', 'all_versions'],
    ['', '1.0', 'all_versions'],
    [null, '1.0', 'all_versions'],
    ['All versions', '1.0', 'all_versions'],
    // Upper bounds
    ['<= 3.64', '3.64', 'in_range'],
    ['<=3.64', '3.7', 'in_range'], // 7 < 64: parts are numbers, not decimals
    ['<= 3.64', '3.65', 'out_of_range'],
    ['< 3.0', '2.9.9', 'in_range'],
    ['< 3.0', '3.0', 'out_of_range'],
    ['< 3.0', '3', 'out_of_range'],
    ['2.3.6 and  below', '2.3.6', 'in_range'],
    ['2.3.6 and  below', '2.3.10', 'out_of_range'],
    ['prior to 4.1', 'v4.0.9', 'in_range'],
    ['up to and including 4.1', '4.1', 'in_range'],
    // Lower bounds
    ['>= 2.0', '10.3.2', 'in_range'],
    ['3.0 and later', '2.9', 'out_of_range'],
    // Letters as patch levels
    ['<= 2.4A', '2.4', 'in_range'],
    ['<= 2.4A', '2.4A', 'in_range'],
    ['<= 2.4A', '2.4a', 'in_range'],
    ['<= 2.4A', '2.4B', 'out_of_range'],
    ['<= 2.4', '2.4A', 'out_of_range'],
    ['<= C.00.04', 'C.00.03', 'in_range'],
    ['<= C.00.04', 'B.12.00', 'in_range'],
    ['<= C.00.04', 'C.00.05', 'out_of_range'],
    // Wildcards
    ['2.X', '2.4A', 'in_range'],
    ['2.X', '2', 'in_range'],
    ['2.X', '20.1', 'out_of_range'],
    ['2.X', '3.0', 'out_of_range'],
    ['5.x.x', '5.2.1', 'in_range'],
    ['5.x.x', '6.0.0', 'out_of_range'],
    ['14.1.x', '14.10', 'out_of_range'],
    // A range written as two alternatives
    ['>= 1.3.4 | < 1.5.3', '1.3.4', 'in_range'],
    ['>= 1.3.4 | < 1.5.3', '1.5.2', 'in_range'],
    ['>= 1.3.4 | < 1.5.3', '1.5.3', 'out_of_range'],
    ['>= 1.3.4 | < 1.5.3', '1.3.3', 'out_of_range'],
    ['>= 4.4 | <= 4.12', '4.5', 'in_range'],
    ['>= 4.4 | <= 4.12', '4.13', 'out_of_range'],
    ['>=BT02 | <= BT06', 'BT04', 'in_range'],
    ['>=BT02 | <= BT06', 'BT07', 'out_of_range'],
    // Alternatives
    ['BT03 | BT04 | BT06', 'BT04', 'in_range'],
    ['BT03 | BT04 | BT06', 'bt06', 'in_range'],
    ['BT03 | BT04 | BT06', 'BT05', 'out_of_range'],
    ['3.0|3.1', '3.1.0', 'in_range'],
    ['1.10 | 1.11 | 1.13 | 1.14', '1.1', 'out_of_range'],
    ['<= U61 |<= L81', 'L80', 'in_range'],
    // vers ranges
    ['vers:generic/>=1.0|<2.0', '1.5', 'in_range'],
    ['vers:generic/>=1.0|<2.0', '1.0', 'in_range'],
    ['vers:generic/>=1.0|<2.0', '2.0', 'out_of_range'],
    ['vers:generic/>=1.0|<2.0', '0.9', 'out_of_range'],
    ['vers:generic/>=1.0|<2.0', '3.0', 'out_of_range'],
    ['vers:generic/*', '3.0', 'all_versions'],
    ['vers:generic/>=', '3.0', 'unknown'],
    // Model names and prose are not versions
    ['HD 16 | HD23', '16', 'unknown'],
    ['with wireless option (shipped between 2016-August 2018)', '2016', 'unknown'],
    ['Windows 10 Professional Operating System U.S. release', '10', 'unknown'],
    ['<= K', '1.0', 'unknown'],
    // A readable alternative beside prose still counts when it equals the version
    ['7100 | 7900 | 100 | Protiva Carestation View', '7900', 'in_range'],
    ['7100 | 7900 | 100 | Protiva Carestation View', '7200', 'unknown'],
    ['A.01 <= C.0x | 4.0', '4.0', 'in_range'],
  ];

  it.each(cases)('%j holds %j: %s', (text, version, verdict) => {
    expect(versionVerdict(text, version)).toBe(verdict);
  });

  it('does not read a bound inside prose as the version range', () => {
    // The bounds are the wireless battery modules' versions, not the pump's: pump 8.0 is not a 9.x pump.
    expect(versionVerdict('9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)', '8.0')).toBe('out_of_range');
    expect(versionVerdict('9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)', '9.13')).toBe('in_range');
  });

  it('reads a version family followed by words about it ("8.x model 35700BAX2") as the family', () => {
    expect(versionVerdict('8.x model 35700BAX2', '8.00.01')).toBe('in_range');
    expect(versionVerdict('8.x model 35700BAX2', '6.2')).toBe('out_of_range');
    expect(versionVerdict('v6.x model 35700BAX', '6.2')).toBe('in_range');
    expect(versionVerdict('653 MCE 3.x', '3.1')).toBe('unknown');
    expect(versionVerdict('< 1.8.4 Service Pack 01', '1.8.3')).toBe('in_range');
  });

  it('reads several ranges as separate intervals', () => {
    const text = '>= 1.0 | <= 1.5 | >= 2.0 | <= 2.5';
    expect(versionVerdict(text, '1.2')).toBe('in_range');
    expect(versionVerdict(text, '2.5')).toBe('in_range');
    expect(versionVerdict(text, '1.7')).toBe('out_of_range');
    expect(versionVerdict(text, '3.0')).toBe('out_of_range');
    expect(versionVerdict(text, '0.9')).toBe('out_of_range');
  });

  it('reads a bound with a wildcard as the whole series', () => {
    expect(versionVerdict('< 3.x', '2.9')).toBe('in_range');
    expect(versionVerdict('< 3.x', '3.0')).toBe('out_of_range');
    expect(versionVerdict('< 3.x', '3')).toBe('out_of_range');
    expect(versionVerdict('<= 11.x', '11.9.1')).toBe('in_range');
    expect(versionVerdict('<= 11.x', '12.0')).toBe('out_of_range');
    expect(versionVerdict('>= 2.x', '2.5')).toBe('in_range');
    expect(versionVerdict('>= 2.x', '1.9')).toBe('out_of_range');
    expect(versionVerdict('<= 12.2.x.x', '12.2.9.1')).toBe('in_range');
    expect(versionVerdict('<= 12.2.x.x', '12.3')).toBe('out_of_range');
  });

  it('does not order a numbered version against a lettered or dated bound', () => {
    // A registered "2.1" says nothing about BT02…BT06, C.00.04 or a release date: the advisory needs a person.
    expect(versionVerdict('>=BT02 | <= BT06', '2.1')).toBe('unknown');
    expect(versionVerdict('<= C.00.04', '10.3.2')).toBe('unknown');
    expect(versionVerdict('<= VM5.0', '4.0')).toBe('unknown');
    expect(versionVerdict('<8/30/2024', '10.3.2')).toBe('unknown');
    expect(versionVerdict('<8/30/2024', '1.0')).toBe('unknown');
  });
});

describe('versionVerdict on every version text of the CISA medical advisories', () => {
  const dir = new URL('../../../test/fixtures/csaf/icsma/', import.meta.url);
  const texts = new Set<string>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  for (const file of files) {
    const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { product_tree?: { branches?: Branch[] } };
    const stack: Branch[] = [...(doc.product_tree?.branches ?? [])];
    while (stack.length > 0) {
      const b = stack.pop()!;
      if (b.category === 'product_version' || b.category === 'product_version_range') texts.add(b.name);
      stack.push(...(b.branches ?? []));
    }
  }
  const verdicts = new Set<VersionVerdict>(['in_range', 'out_of_range', 'all_versions', 'unknown']);

  it('walks all 98 advisories', () => {
    expect(files).toHaveLength(98);
    expect(texts.size).toBeGreaterThan(200);
  });

  it.each([...texts].map((t) => [t]))('%j gives a verdict for any version', (text) => {
    for (const version of ['1.0', '2.4A', '10.3.2', 'BT04', '']) expect(verdicts.has(versionVerdict(text, version))).toBe(true);
  });

  it('reads every plain numeric bound', () => {
    const plain = [...texts].filter((t) => /^(?:<=?|>=?)\s*\d+(?:\.\d+)*$/.test(t));
    expect(plain.length).toBeGreaterThan(50);
    for (const text of plain) expect(['in_range', 'out_of_range']).toContain(versionVerdict(text, '2.4A'));
  });
});

interface Branch {
  category: string;
  name: string;
  branches?: Branch[];
}
