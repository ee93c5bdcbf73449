import { describe, expect, it } from 'vitest';
import { compareCpe, compareCpeValues, isCpeDisjoint, isCpeMatch, type CpeRelation } from './cpe-match.ts';
import { CpeSyntaxError, formatCpe23, parseCpe, type CpeValue, type Wfn } from './cpe.ts';

const v = (value: string): CpeValue => ({ value });
const wfn = (attrs: Partial<Wfn>): Wfn => ({
  part: 'ANY',
  vendor: 'ANY',
  product: 'ANY',
  version: 'ANY',
  update: 'ANY',
  edition: 'ANY',
  language: 'ANY',
  sw_edition: 'ANY',
  target_sw: 'ANY',
  target_hw: 'ANY',
  other: 'ANY',
  ...attrs,
});

describe('CPE naming (NISTIR 7695)', () => {
  // Examples of sections 6.2 (formatted string) and 6.1 (URI) binding and unbinding.
  const examples: [string, string, Wfn][] = [
    [
      'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
      'cpe:/a:microsoft:internet_explorer:8.0.6001:beta',
      wfn({ part: v('a'), vendor: v('microsoft'), product: v('internet_explorer'), version: v('8\\.0\\.6001'), update: v('beta') }),
    ],
    [
      'cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*',
      'cpe:/a:microsoft:internet_explorer:8.%02:sp%01',
      wfn({ part: v('a'), vendor: v('microsoft'), product: v('internet_explorer'), version: v('8\\.*'), update: v('sp?') }),
    ],
    [
      'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
      'cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~',
      wfn({
        part: v('a'),
        vendor: v('hp'),
        product: v('insight_diagnostics'),
        version: v('7\\.4\\.0\\.1570'),
        update: 'NA',
        sw_edition: v('online'),
        target_sw: v('win2003'),
        target_hw: v('x64'),
      }),
    ],
    [
      'cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*',
      'cpe:/a:hp:openview_network_manager:7.51::~~~linux~~',
      wfn({ part: v('a'), vendor: v('hp'), product: v('openview_network_manager'), version: v('7\\.51'), target_sw: v('linux') }),
    ],
    [
      'cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:special:ipod_touch:80gb:*',
      'cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~',
      wfn({
        part: v('a'),
        vendor: v('foo\\\\bar'),
        product: v('big\\$money_manager_2010'),
        sw_edition: v('special'),
        target_sw: v('ipod_touch'),
        target_hw: v('80gb'),
      }),
    ],
  ];

  it.each(examples)('unbinds %s and %s to the same WFN and binds it back', (fs, uri, expected) => {
    expect(parseCpe(fs)).toEqual(expected);
    expect(parseCpe(uri)).toEqual(expected);
    expect(formatCpe23(expected)).toBe(fs);
  });

  it('quotes literal wildcards and tildes from a URI', () => {
    expect(parseCpe('cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f')).toMatchObject({ version: v('8\\.\\*'), update: v('sp\\?') });
    expect(parseCpe('cpe:/a:foo~bar:big%7emoney_2010')).toMatchObject({ vendor: v('foo\\~bar'), product: v('big\\~money_2010') });
    expect(formatCpe23(parseCpe('cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f'))).toBe(
      'cpe:2.3:a:microsoft:internet_explorer:8.\\*:sp\\?:*:*:*:*:*:*',
    );
  });

  it('keeps escaped colons inside a formatted-string value', () => {
    const w = parseCpe('cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*');
    expect(w.product).toEqual(v('prod\\:uct'));
    expect(formatCpe23(w)).toBe('cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*');
  });

  it('parses realistic device CPEs', () => {
    expect(parseCpe('cpe:2.3:o:windriver:vxworks:6.9:*:*:*:*:*:*:*')).toEqual(
      wfn({ part: v('o'), vendor: v('windriver'), product: v('vxworks'), version: v('6\\.9') }),
    );
    expect(parseCpe('cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*').version).toEqual(v('1\\.0\\.2k'));
    expect(parseCpe('cpe:2.3:h:philips:intellivue_mx800:-:*:*:*:*:*:*:*').version).toBe('NA');
    expect(parseCpe('CPE:2.3:O:Microsoft:Windows_7:-:SP1:*:*:*:*:X64:*').part).toEqual(v('O'));
  });

  it.each([
    ['cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*', 'too few components'],
    ['cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*:*', 'too many components'],
    ['cpe:2.3:x:openssl:openssl:1.0.2k:*:*:*:*:*:*:*', 'wrong part letter'],
    ['cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:\\', 'trailing backslash'],
    ['cpe:2.3:a:openssl:open\\ssl:1.0:*:*:*:*:*:*:*', 'escaped letter'],
    ['cpe:2.3:a:openssl:openssl:1.*.2:*:*:*:*:*:*:*', 'embedded *'],
    ['cpe:2.3:a:openssl:openssl:1.?.2:*:*:*:*:*:*:*', 'embedded ?'],
    ['cpe:2.3:a:openssl::1.0:*:*:*:*:*:*:*', 'empty component'],
    ['cpe:2.3:a:open ssl:openssl:1.0:*:*:*:*:*:*:*', 'whitespace'],
    ['cpe:2.3:a:öpenssl:openssl:1.0:*:*:*:*:*:*:*', 'non-ASCII'],
    ['cpe:2.2:a:openssl:openssl:1.0:*:*:*:*:*:*:*', 'wrong version prefix'],
    ['cpe:/a:foo:bar:12.%02.1234', 'embedded %02'],
    ['cpe:/a:foo:bar:1.0:%0', 'truncated percent-encoding'],
    ['cpe:/a:foo:bar:1.0:-:~a~b~c', 'packed edition with too few fields'],
    ['cpe:/a:foo:bar:1.0:-:-:en:extra', 'URI with too many components'],
    ['cpe:/q:foo:bar', 'wrong part letter in a URI'],
    ['pkg:npm/foo', 'not a CPE'],
  ])('refuses %j (%s)', (text) => {
    expect(() => parseCpe(text)).toThrow(CpeSyntaxError);
  });

  it('refuses hostile input quickly', () => {
    const started = performance.now();
    expect(() => parseCpe(`cpe:2.3:a:${'a'.repeat(10_000_000)}:b:*:*:*:*:*:*:*:*`)).toThrow(CpeSyntaxError);
    expect(() => parseCpe(`cpe:2.3:${':'.repeat(3_000)}`)).toThrow(CpeSyntaxError);
    expect(() => parseCpe(`cpe:/a:${'%01'.repeat(1_300)}`)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses to bind WFN values that are not in quoted form', () => {
    expect(() => formatCpe23(wfn({ part: v('a'), version: v('1.0') }))).toThrow(CpeSyntaxError);
    expect(() => formatCpe23(wfn({ part: v('a'), version: v('') }))).toThrow(CpeSyntaxError);
    expect(() => formatCpe23(wfn({ part: v('z') }))).toThrow(CpeSyntaxError);
  });
});

describe('CPE name matching (NISTIR 7696)', () => {
  // Table 6-2: the enumeration of attribute comparison set relations.
  const i = v('foo');
  const k = v('bar');
  const wild = v('fo*');
  const table: [number, CpeValue, CpeValue, CpeRelation][] = [
    [1, 'ANY', 'ANY', 'EQUAL'],
    [2, 'ANY', 'NA', 'SUPERSET'],
    [3, 'ANY', i, 'SUPERSET'],
    [4, 'ANY', wild, 'UNDEFINED'],
    [5, 'NA', 'ANY', 'SUBSET'],
    [6, 'NA', 'NA', 'EQUAL'],
    [7, 'NA', i, 'DISJOINT'],
    [8, 'NA', wild, 'UNDEFINED'],
    [9, i, 'ANY', 'SUBSET'],
    [10, i, 'NA', 'DISJOINT'],
    [11, i, i, 'EQUAL'],
    [12, i, k, 'DISJOINT'],
    [13, i, wild, 'UNDEFINED'],
    [14, wild, 'ANY', 'SUBSET'],
    [15, wild, 'NA', 'DISJOINT'],
    [16, wild, i, 'SUPERSET'],
    [17, wild, k, 'DISJOINT'],
    [18, wild, wild, 'UNDEFINED'],
  ];
  it.each(table)('row %i: %j against %j is %s', (_n, source, target, relation) => {
    expect(compareCpeValues(source, target)).toBe(relation);
  });

  it.each([
    [v('8\\.*'), v('8\\.0\\.6001'), 'SUPERSET'],
    [v('*\\.0'), v('8\\.0'), 'SUPERSET'],
    [v('sp?'), v('sp2'), 'SUPERSET'],
    [v('sp?'), v('sp12'), 'DISJOINT'],
    [v('sp??'), v('sp12'), 'SUPERSET'],
    [v('??1'), v('sp1'), 'SUPERSET'],
    [v('??1'), v('abc1'), 'DISJOINT'],
    [v('??1'), v('p1'), 'SUPERSET'], // as the reference algorithm has it: leading '?'s bound the prefix only from above
    [v('*ssl'), v('openssl'), 'SUPERSET'],
    [v('1\\.0\\.2?'), v('1\\.0\\.2k'), 'SUPERSET'],
    [v('1\\.0\\.2?'), v('1\\.0\\.2'), 'SUPERSET'], // and trailing ones the suffix: '?' is "at most one"
    [v('2?'), v('2ab'), 'DISJOINT'],
    // The reference algorithm counts the escapes inside the matched text twice, so quoted characters widen a trailing '?'.
    [v('1\\.0\\.2?'), v('1\\.0\\.2ab'), 'SUPERSET'],
    [v('\\*'), v('x'), 'DISJOINT'],
    [v('OpenSSL'), v('openssl'), 'EQUAL'],
  ] as [CpeValue, CpeValue, CpeRelation][])('%j against %j is %s', (source, target, relation) => {
    expect(compareCpeValues(source, target)).toBe(relation);
  });

  it('compares whole names attribute by attribute', () => {
    const relations = compareCpe(
      'cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*',
      'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
    );
    expect(relations).toMatchObject({ part: 'EQUAL', vendor: 'EQUAL', version: 'SUPERSET', update: 'DISJOINT', edition: 'EQUAL' });
  });

  it('follows the examples of the NISTIR 7696 reference implementation', () => {
    const ie = wfn({
      part: v('a'),
      vendor: v('microsoft'),
      product: v('internet_explorer'),
      version: v('8\\.0\\.6001'),
      update: v('beta'),
      language: v('sp2'),
      sw_edition: 'ANY',
    });
    const anyIe = wfn({ part: v('a'), vendor: v('microsoft'), product: v('internet_explorer') });
    expect(isCpeDisjoint(ie, anyIe)).toBe(false);
    expect(isCpeMatch(ie, anyIe)).toBe(false);
    expect(isCpeMatch(anyIe, ie)).toBe(true);
    const adobe = 'cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*';
    const reader = 'cpe:/a::Reader:9.3.2:-:-';
    expect(isCpeDisjoint(adobe, reader)).toBe(true);
    expect(isCpeMatch(adobe, reader)).toBe(false);
  });

  it('matches device CPEs the way vulnerability records use them', () => {
    const vxworks = 'cpe:2.3:o:windriver:vxworks:6.9:*:*:*:*:*:*:*';
    expect(isCpeMatch('cpe:2.3:o:windriver:vxworks:*:*:*:*:*:*:*:*', vxworks)).toBe(true);
    expect(isCpeMatch('cpe:2.3:o:windriver:vxworks:6.*:*:*:*:*:*:*:*', vxworks)).toBe(true);
    expect(isCpeMatch('cpe:2.3:o:windriver:vxworks:7.*:*:*:*:*:*:*:*', vxworks)).toBe(false);
    expect(isCpeMatch(vxworks, 'cpe:2.3:o:windriver:vxworks:*:*:*:*:*:*:*:*')).toBe(false); // SUBSET
    expect(isCpeMatch('cpe:2.3:a:openssl:openssl:1.0.2?:*:*:*:*:*:*:*', 'cpe:2.3:a:OpenSSL:OpenSSL:1.0.2k:*:*:*:*:*:*:*')).toBe(true);
    expect(isCpeMatch('cpe:/a:openssl:openssl:1.0.2k', 'cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*')).toBe(true);
    const hp = 'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*';
    expect(isCpeMatch('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:*:*:*:*', hp)).toBe(true);
    expect(isCpeMatch('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:sp1:*:*:*:*:*:*', hp)).toBe(false);
    expect(isCpeDisjoint('cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*', 'cpe:2.3:o:windriver:vxworks:6.9:*:*:*:*:*:*:*')).toBe(true);
    expect(isCpeDisjoint(vxworks, 'cpe:2.3:o:windriver:vxworks:*:*:*:*:*:*:*:*')).toBe(false);
  });
});
