import cvss from 'ae-cvss-calculator';
import type { SeverityStatement } from './vuln-record.ts';

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvss;

/** Qualitative severity, as CVSS v3/v4 name the score bands. */
export type SeverityLevel = 'none' | 'low' | 'medium' | 'high' | 'critical';

// A loose shape check first: the calculator throws TypeErrors on some malformed vectors and accepts others silently.
const vectorShape = /^(CVSS:[234]\.[01]\/)?([A-Za-z]{1,3}:[A-Za-z]{1,2}\/?){3,40}$/;

/** The base score of a CVSS vector (v2, v3.0, v3.1, v4.0), or undefined when the vector is not readable. */
export function cvssBaseScore(vector: string): number | undefined {
  const text = vector.trim();
  if (text.length > 300 || !vectorShape.test(text)) return undefined;
  try {
    const scores = text.startsWith('CVSS:4.0/')
      ? new Cvss4P0(text).calculateScores()
      : text.startsWith('CVSS:3.1/')
        ? new Cvss3P1(text).calculateScores()
        : text.startsWith('CVSS:3.0/')
          ? new Cvss3P0(text).calculateScores()
          : new Cvss2(text).calculateScores();
    const base = scores.base;
    return typeof base === 'number' && Number.isFinite(base) && base >= 0 && base <= 10 ? base : undefined;
  } catch {
    return undefined;
  }
}

/** The CVSS v3/v4 band of a base score. */
export function levelOfScore(score: number): SeverityLevel {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

const labelLevels: Record<string, SeverityLevel> = {
  none: 'none',
  low: 'low',
  moderate: 'medium',
  medium: 'medium',
  important: 'high',
  high: 'high',
  critical: 'critical',
};

/** A severity summary for people: the highest-versioned CVSS score, else the database's label. */
export interface SeveritySummary {
  level: SeverityLevel;
  score: number | null;
  vector: string | null;
}

/** Picks the statement people should see: CVSS v4 over v3 over v2 (with a score), then a label. */
export function summariseSeverity(statements: readonly SeverityStatement[]): SeveritySummary | null {
  for (const type of ['CVSS_V4', 'CVSS_V3', 'CVSS_V2'] as const) {
    const s = statements.find((x) => x.type === type && x.score !== undefined);
    if (s) return { level: levelOfScore(s.score!), score: s.score!, vector: s.value };
  }
  const label = statements.find((x) => x.type === 'LABEL' && labelLevels[x.value.toLowerCase()]);
  return label ? { level: labelLevels[label.value.toLowerCase()]!, score: null, vector: null } : null;
}

const levelRanks: Record<SeverityLevel, number> = { critical: 4, high: 3, medium: 2, low: 1, none: 0 };

/** A sortable rank of a severity summary: critical 4 … none 0, unrated -1 (sorted last). */
export function severityRank(summary: SeveritySummary | null): number {
  return summary ? levelRanks[summary.level] : -1;
}
