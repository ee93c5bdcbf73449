import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../src/server/db/uuid-v7.ts';

describe('uuidV7', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the time', () => {
    const at = Date.UTC(2026, 10, 23, 8, 0, 0, 123);
    const id = uuidV7(at + 10_000_000); // later than any id made before in this process
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it('sorts in the order made, even past 4,096 in one millisecond, and never repeats', () => {
    const now = Date.now() + 20_000_000;
    const ids = Array.from({ length: 10_000 }, () => uuidV7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = uuidV7(now - 5); // a clock that steps back does not break the order
    expect(later > ids.at(-1)!).toBe(true);
  });
});
