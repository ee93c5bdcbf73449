import { type Actor, canSeeContributor } from '../policy/index.ts';
import type { StoredEvent } from './event-log.ts';

/**
 * An event's data as one reader (a person, or an organisation for webhooks) may see it: the contributor of an anonymous
 * item only for its own organisation. Whether the reader may receive the event at all is decided before (canRead on its
 * facts).
 */
export function eventDataFor(reader: Actor, event: StoredEvent): { data: Record<string, unknown>; withContributor: boolean } {
  const payload = event.payload as { data?: Record<string, unknown>; contributor?: { path: string; value: unknown } | null };
  const data = { ...(payload.data ?? {}) };
  const last = event.facts.at(-1);
  const withContributor = payload.contributor != null && last !== undefined && canSeeContributor(reader, last);
  if (withContributor && payload.contributor) {
    const target = data[payload.contributor.path];
    if (target && typeof target === 'object') {
      const value = payload.contributor.value as { orgName?: string };
      data[payload.contributor.path] = {
        ...target,
        contributor: value,
        contributorLabel: `${value.orgName ?? ''}${last?.anonymous ? ' (shared anonymously)' : ''}`,
      };
    }
  }
  return { data, withContributor };
}
