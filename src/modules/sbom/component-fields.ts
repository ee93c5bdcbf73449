/** Normalisation of component fields that every format shares: hash algorithms, hash values, SPDX actors, licences. */
import type { ComponentHash } from './sbom.types.ts';

const HEX = /^[0-9a-fA-F]+$/;

const algCache = new Map<string, string>();

/** "sha256", "SHA256", "sha3_256", "BLAKE2b-384" → "SHA-256", "SHA-256", "SHA3-256", "BLAKE2B-384". */
export function normalizeHashAlg(alg: string): string {
  const cached = algCache.get(alg);
  if (cached !== undefined) return cached;
  const normalized = computeHashAlg(alg);
  if (algCache.size < 1000) algCache.set(alg, normalized);
  return normalized;
}

function computeHashAlg(alg: string): string {
  const upper = alg.trim().toUpperCase().replace(/_/g, '-');
  return upper
    .replace(/^SHA-?(1|224|256|384|512)$/, 'SHA-$1')
    .replace(/^SHA3-?(224|256|384|512)$/, 'SHA3-$1')
    .replace(/^BLAKE2B-?(256|384|512)$/, 'BLAKE2B-$1');
}

/** A hash with a normalised algorithm; hex digests in lower case so that equal hashes compare equal. */
export function makeHash(alg: string, value: string): ComponentHash {
  const trimmed = value.trim();
  return { alg: normalizeHashAlg(alg), value: HEX.test(trimmed) ? trimmed.toLowerCase() : trimmed };
}

/** True for SPDX's "no information" words. */
export function isSpdxNoValue(value: string | undefined): boolean {
  return value === undefined || value === 'NOASSERTION' || value === 'NONE';
}

/**
 * "Organization: ACME (security@acme.example)" → "ACME"; "Person: Jane Doe ()" → "Jane Doe"; NOASSERTION → undefined.
 * A parenthesised e-mail or empty pair is contact detail, not part of the name.
 */
export function spdxActorName(value: string | undefined): string | undefined {
  if (value === undefined || isSpdxNoValue(value)) return undefined;
  const withoutPrefix = value.replace(/^(Organization|Person|Tool)\s*:\s*/i, '');
  const withoutContact = withoutPrefix.replace(/\s*\(([^()]*)\)\s*$/, (whole, inner: string) =>
    inner.trim() === '' || inner.includes('@') ? '' : whole,
  );
  const name = withoutContact.trim();
  return name === '' || isSpdxNoValue(name) ? undefined : name;
}

/** Adds a licence once, skipping SPDX's NOASSERTION / NONE. */
export function addLicense(licenses: string[], value: string | undefined): void {
  if (value === undefined || isSpdxNoValue(value) || licenses.includes(value)) return;
  licenses.push(value);
}

/** Adds a hash once (same algorithm and value). */
export function addHash(hashes: ComponentHash[], hash: ComponentHash): void {
  if (hash.value === '' || hashes.some((h) => h.alg === hash.alg && h.value === hash.value)) return;
  hashes.push(hash);
}
