export { VulnIndex, keyOfAffected, type IndexedAffected } from './vuln-index.ts';
export {
  matchSbom,
  matchComponent,
  type MatchableComponent,
  describeFinding,
  componentIdentity,
  type Finding,
  type FindingComponent,
  type SbomMatch,
  type UnusablePurl,
  type UnusableCpe,
} from './sbom-matcher.ts';
export { evaluateAffected, type AffectsVerdict } from './osv-affects.ts';
export { packageKeyOfOsv, packageKeyOfPurl, purlTypeOfOsvEcosystem } from './package-key.ts';
export { CpeIndex, cpeProductKey, type CpeHit } from './cpe-index.ts';
