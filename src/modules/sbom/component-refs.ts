/** Unique component refs within one document, and the warnings a parse collects. */

const MAX_WARNINGS = 200;

/** Warnings of one parse, capped so that a document with 300,000 defects does not carry 300,000 messages. */
export class ParseWarnings {
  private readonly messages: string[] = [];
  private dropped = 0;

  /** Records one warning. */
  add(message: string): void {
    if (this.messages.length < MAX_WARNINGS) this.messages.push(message);
    else this.dropped++;
  }

  /** The warnings, with a closing line counting those left out. */
  list(): string[] {
    return this.dropped === 0 ? [...this.messages] : [...this.messages, `… and ${this.dropped} more warnings`];
  }
}

/** Hands out refs: the document's own when unique, a renamed one for a repeated ref, "component-<n>" when absent. */
export class ComponentRefs {
  private readonly taken = new Set<string>();
  /** Next suffix per base ref, so that many repeats of one ref stay linear. */
  private readonly nextSuffix = new Map<string, number>();

  /** `reserved`: every ref written in the document, so that a generated ref never takes one a later component states. */
  constructor(
    private readonly warnings: ParseWarnings,
    private readonly reserved: ReadonlySet<string> = new Set(),
  ) {}

  /** The ref for one component; `position` (1-based) names generated refs, `place` names the component in warnings. */
  assign(written: string | undefined, position: number, place: () => string): string {
    if (written === undefined) return this.claim(this.free(`component-${position}`));
    // One hash operation instead of has() + add(): this runs once per component.
    const before = this.taken.size;
    this.taken.add(written);
    if (this.taken.size > before) return written;
    const renamed = this.free(`${written}~2`);
    this.warnings.add(`${place()}: ref "${written}" is used by an earlier component; this one is renamed "${renamed}"`);
    return this.claim(renamed);
  }

  /** True when the ref belongs to a component already assigned. */
  has(ref: string): boolean {
    return this.taken.has(ref);
  }

  private claim(ref: string): string {
    this.taken.add(ref);
    return ref;
  }

  private free(candidate: string): string {
    if (!this.taken.has(candidate) && !this.reserved.has(candidate)) return candidate;
    const base = candidate.replace(/~\d+$/, '');
    for (let n = this.nextSuffix.get(base) ?? 2; ; n++) {
      const next = `${base}~${n}`;
      if (!this.taken.has(next) && !this.reserved.has(next)) {
        this.nextSuffix.set(base, n + 1);
        return next;
      }
    }
  }
}
