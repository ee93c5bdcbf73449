export { PurlSyntaxError, formatPurl, parsePurl, type Purl } from './purl.ts';
export { CPE_ATTRIBUTES, CpeSyntaxError, formatCpe23, parseCpe, type CpeAttribute, type CpeValue, type Wfn } from './cpe.ts';
export { compareCpe, compareCpeValues, isCpeDisjoint, isCpeMatch, type CpeRelation } from './cpe-match.ts';
