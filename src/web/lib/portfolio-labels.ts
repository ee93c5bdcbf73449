// Plain-language labels of the portfolio vocabularies: visibility, VEX states, justifications, responses, NTIA elements.
import type { Me, ProductVisibility, SeverityLevel, VexJustification, VexResponse, VexState } from '../api/types.ts';

/** Who may see a product, with what that means. */
export const visibilityLabels: Record<ProductVisibility, { label: string; explanation: string }> = {
  own_org: {
    label: 'Only my organisation',
    explanation: 'Only people of your organisation see the product, its versions and SBOMs.',
  },
  members: {
    label: 'All ISAO members',
    explanation: 'Every member organisation (hospitals, other manufacturers, researchers) can see the product, its versions and SBOMs.',
  },
  public: {
    label: 'Public',
    explanation: 'Anyone may see the product, its versions and SBOMs, including people outside the ISAO.',
  },
};

/** The order in which visibilities are offered. */
export const visibilityOrder: readonly ProductVisibility[] = ['own_org', 'members', 'public'];

/** CycloneDX impact-analysis states, in words. */
export const vexStateLabels: Record<VexState, { label: string; explanation: string }> = {
  in_triage: { label: 'In triage', explanation: 'Being investigated: no decision yet.' },
  exploitable: { label: 'Exploitable', explanation: 'The product is affected and the vulnerability can be exploited.' },
  not_affected: { label: 'Not affected', explanation: 'The component is present but the product is not affected. Say why.' },
  false_positive: { label: 'False positive', explanation: 'The match is wrong: this is not the vulnerable component or version.' },
  resolved: { label: 'Resolved', explanation: 'Fixed in this product version.' },
  resolved_with_pedigree: {
    label: 'Resolved (with pedigree)',
    explanation: 'Fixed by a patch that is recorded in the component’s pedigree.',
  },
};

/** Why a component is not affected: the CycloneDX justifications explained in plain words. */
export const justificationLabels: Record<VexJustification, { label: string; explanation: string }> = {
  code_not_present: {
    label: 'Vulnerable code not present',
    explanation: 'The vulnerable code is not in the product, for example it was left out at build time.',
  },
  code_not_reachable: {
    label: 'Vulnerable code not reachable',
    explanation: 'The vulnerable code is in the product but is never run.',
  },
  requires_configuration: {
    label: 'Needs a configuration we do not use',
    explanation: 'Exploitation needs a setting or feature that the product does not enable.',
  },
  requires_dependency: {
    label: 'Needs a dependency we do not ship',
    explanation: 'Exploitation needs another component that the product does not include.',
  },
  requires_environment: {
    label: 'Needs an environment we do not run in',
    explanation: 'Exploitation needs an operating system, hardware or network that the product does not run in.',
  },
  protected_by_compiler: {
    label: 'Protected by the compiler',
    explanation: 'Build-time protections (such as stack protection) prevent exploitation.',
  },
  protected_at_runtime: {
    label: 'Protected at runtime',
    explanation: 'Runtime protections (such as sandboxing or memory isolation) prevent exploitation.',
  },
  protected_at_perimeter: {
    label: 'Protected at the perimeter',
    explanation: 'Network or physical barriers stop an attacker from reaching the vulnerable code.',
  },
  protected_by_mitigating_control: {
    label: 'Protected by another control',
    explanation: 'Another safeguard in the product or its documented use prevents exploitation.',
  },
};

/** The label of a justification given as a plain string (history entries), or the string itself. */
export function justificationText(value: string): string {
  return value in justificationLabels ? justificationLabels[value as VexJustification].label : value.replaceAll('_', ' ');
}

/** What the manufacturer does about a finding. */
export const responseLabels: Record<VexResponse, string> = {
  can_not_fix: 'Cannot fix',
  will_not_fix: 'Will not fix',
  update: 'Update to a fixed version',
  rollback: 'Roll back to an earlier version',
  workaround_available: 'Workaround available',
};

/** Severity levels, most severe first, with their labels. */
export const severityLabels: Record<SeverityLevel | 'unrated', string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  none: 'None',
  unrated: 'Unrated',
};

/** The NTIA minimum elements checked per component. */
export const elementLabels: Record<string, string> = {
  supplier: 'Supplier name',
  name: 'Component name',
  version: 'Version',
  uniqueIdentifier: 'Unique identifier (purl, CPE or hash)',
};

/** The NTIA verdict in words and the pill class it is shown with. */
export function verdictInfo(verdict: string): { label: string; className: string } {
  if (verdict === 'meets-minimum-elements') return { label: 'Meets NTIA minimum elements', className: 'pill-ok' };
  if (verdict === 'partial') return { label: 'Partly meets NTIA minimum elements', className: 'pill-warn' };
  if (verdict === 'insufficient') return { label: 'Insufficient for NTIA', className: 'pill-bad' };
  return { label: verdict, className: '' };
}

/** Typed keys of a label record, in declaration order. */
export function keysOf<K extends string>(record: Record<K, unknown>): K[] {
  return Object.keys(record) as K[];
}

/** People of manufacturer organisations who may write (everyone but read-only) create and manage products. */
export function canCreateProducts(me: Me): boolean {
  return me.organisation.kind === 'manufacturer' && me.person.roles.some((role) => role !== 'read_only');
}

/** "1.5 MiB" from a byte count. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "12.3 %" for an EPSS probability (0..1). */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent < 1 ? percent.toFixed(2) : percent.toFixed(1)} %`;
}

const formatNames: Record<string, string> = { cyclonedx: 'CycloneDX', spdx: 'SPDX' };
const encodingNames: Record<string, string> = { json: 'JSON', xml: 'XML', 'tag-value': 'tag-value', 'json-ld': 'JSON-LD' };

/** "CycloneDX 1.6" from the server's format and spec version. */
export function formatName(format: string, specVersion: string): string {
  return `${formatNames[format] ?? format} ${specVersion}`;
}

/** "JSON", "XML", "tag-value", "JSON-LD". */
export function encodingName(encoding: string): string {
  return encodingNames[encoding] ?? encoding;
}
