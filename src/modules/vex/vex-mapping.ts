/**
 * The one table between the platform's VEX vocabulary (CycloneDX impact analysis) and the CISA status and
 * justification vocabulary that OpenVEX and CSAF share. Every lossy choice is commented where it is made.
 */
import type { vexJustifications, vexResponses, vexStates } from '../../shared/api/portfolio.ts';

/** A CycloneDX analysis state (the platform's finding state). */
export type CdxState = (typeof vexStates)[number];
/** A CycloneDX not_affected justification. */
export type CdxJustification = (typeof vexJustifications)[number];
/** A CycloneDX response. */
export type CdxResponse = (typeof vexResponses)[number];
/** The CISA VEX status as OpenVEX writes it. */
export type OpenVexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
/** The CISA justification labels (OpenVEX justification, CSAF flag label). */
export type CisaJustification =
  | 'component_not_present'
  | 'vulnerable_code_not_present'
  | 'vulnerable_code_not_in_execute_path'
  | 'vulnerable_code_cannot_be_controlled_by_adversary'
  | 'inline_mitigations_already_exist';
/** The CSAF product_status group of a state. */
export type CsafStatus = 'known_affected' | 'known_not_affected' | 'fixed' | 'under_investigation';

/** Finding state → OpenVEX status and CSAF product_status. */
export const stateOut: Record<CdxState, { openvex: OpenVexStatus; csaf: CsafStatus }> = {
  in_triage: { openvex: 'under_investigation', csaf: 'under_investigation' },
  exploitable: { openvex: 'affected', csaf: 'known_affected' },
  not_affected: { openvex: 'not_affected', csaf: 'known_not_affected' },
  // Lossy: a false positive means the match itself was wrong — the vulnerable component is not in the product as
  // matched — so it is stated as not_affected with component_not_present; it comes back as not_affected/code_not_present.
  false_positive: { openvex: 'not_affected', csaf: 'known_not_affected' },
  resolved: { openvex: 'fixed', csaf: 'fixed' },
  // Lossy: the pedigree (the patch evidence CycloneDX can carry) has no place in OpenVEX or CSAF; it comes back as resolved.
  resolved_with_pedigree: { openvex: 'fixed', csaf: 'fixed' },
};

/** OpenVEX status / CSAF product_status → finding state (the exact inverse where the table above is not lossy). */
export const stateIn: Record<OpenVexStatus | CsafStatus, CdxState> = {
  under_investigation: 'in_triage',
  affected: 'exploitable',
  known_affected: 'exploitable',
  not_affected: 'not_affected',
  known_not_affected: 'not_affected',
  fixed: 'resolved',
};

/** CycloneDX justification → CISA label (CISA's own mapping of the two vocabularies). */
export const justificationOut: Record<CdxJustification, CisaJustification> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  // Lossy, three to one: each says the vulnerable code is there but an adversary cannot reach the condition it needs.
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  // Lossy, four to one: each is a mitigation already in place.
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'inline_mitigations_already_exist',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

/** CISA label → CycloneDX justification; for the many-to-one rows above, the broadest CycloneDX value is chosen. */
export const justificationIn: Record<CisaJustification, CdxJustification> = {
  // Lossy: CycloneDX has no "component not present"; the vulnerable code is then not present either.
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_configuration',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

/** The CISA label stated for a not_affected or false_positive finding (null for other states). */
export function cisaJustificationOf(state: CdxState, justification: CdxJustification | null): CisaJustification | null {
  if (state === 'false_positive') return 'component_not_present';
  if (state !== 'not_affected' || justification === null) return null;
  return justificationOut[justification];
}

/** CSAF remediation categories. */
export type CsafRemediation = 'mitigation' | 'no_fix_planned' | 'none_available' | 'vendor_fix' | 'workaround';

/** CycloneDX response → CSAF remediation category (a known_affected product without a response gets none_available). */
export const responseOut: Record<CdxResponse, CsafRemediation> = {
  update: 'vendor_fix',
  // Lossy: going back to an earlier release is still the manufacturer's fix; it comes back as update.
  rollback: 'vendor_fix',
  workaround_available: 'workaround',
  will_not_fix: 'no_fix_planned',
  // Lossy: "cannot fix" and "will not fix" both mean no fix is planned; it comes back as will_not_fix.
  can_not_fix: 'no_fix_planned',
};

/** CSAF remediation category → CycloneDX response (none_available: no response has been decided). */
export const responseIn: Record<CsafRemediation, CdxResponse | null> = {
  vendor_fix: 'update',
  workaround: 'workaround_available',
  // Lossy: a mitigation the customer applies is the nearest CycloneDX has to a workaround.
  mitigation: 'workaround_available',
  no_fix_planned: 'will_not_fix',
  none_available: null,
};

/** True when a string is one of the keys of a table. */
export function isKeyOf<T extends object>(table: T, value: string): value is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(table, value);
}
