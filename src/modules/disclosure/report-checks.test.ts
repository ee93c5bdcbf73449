import { describe, expect, it } from 'vitest';
import { proofBits, shingles, similarity, sniffContentType, solveProof, textFingerprint } from './report-checks.ts';

describe('proof of work', () => {
  it('counts leading zero bits of SHA-256(challenge:nonce) and finds a nonce for a difficulty', () => {
    const nonce = solveProof('abc', 12);
    expect(proofBits('abc', nonce)).toBeGreaterThanOrEqual(12);
    // A random nonce almost never meets 20 bits; solving finds one that does.
    const hard = solveProof('challenge', 16);
    expect(proofBits('challenge', hard)).toBeGreaterThanOrEqual(16);
    expect(proofBits('other challenge', hard)).toBeLessThan(16);
  });
});

describe('duplicate detection', () => {
  const a = 'The infusion pump accepts unauthenticated telnet connections on port 23 and gives a root shell.';
  it('finds the same words in another order of spacing and case identical, and rewordings similar', () => {
    expect(textFingerprint(a)).toBe(textFingerprint(`  ${a.toUpperCase().replace(/ /g, '   ')} `));
    const reworded = 'The infusion pump accepts unauthenticated telnet connections on port 23, giving a root shell to anyone.';
    expect(similarity(shingles(a), shingles(reworded))).toBeGreaterThan(0.35);
    const other = 'The imaging workstation stores patient records unencrypted in a world-readable share.';
    expect(similarity(shingles(a), shingles(other))).toBeLessThan(0.05);
    expect(similarity(shingles(''), shingles(a))).toBe(0);
  });
});

describe('attachment content types', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  it('sniffs from the content, not the name', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n...'))).toBe('application/pdf');
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a))).toBe('image/png');
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0))).toBe('image/jpeg');
    expect(sniffContentType(bytes(0x50, 0x4b, 0x03, 0x04, 0))).toBe('application/zip');
    expect(sniffContentType(bytes(0xd4, 0xc3, 0xb2, 0xa1, 2, 0))).toBe('application/vnd.tcpdump.pcap');
    expect(sniffContentType(Buffer.from('-----BEGIN PGP MESSAGE-----\n\nhQ...'))).toBe('application/pgp-encrypted');
    expect(sniffContentType(Buffer.from('<html><script>alert(1)</script></html>'))).toBe('text/plain; charset=utf-8');
    expect(sniffContentType(Buffer.from('naïve ✓ text'))).toBe('text/plain; charset=utf-8');
    expect(sniffContentType(bytes(0x41, 0x00, 0x42))).toBe('application/octet-stream');
    expect(sniffContentType(bytes(0xc3, 0x28, 0x41))).toBe('application/octet-stream');
  });
});
