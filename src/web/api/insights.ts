// Queries of the portfolio insights: what changed between two SBOMs, and one vulnerability with my affected products.
import { useQuery } from '@tanstack/react-query';
import { api, seg } from './client.ts';
import type { SbomDiff, Vulnerability } from './insight-types.ts';
import { portfolioKey } from './portfolio.ts';

/** Under the portfolio key, so VEX decisions and uploads (which refresh the portfolio) refresh these views too. */
const insightsKey = [...portfolioKey, 'insights'] as const;

/** GET /sboms/{id}/diff/{otherId}: packages added, removed and changed from one SBOM to the other. */
export function useSbomDiff(id: string, otherId: string) {
  return useQuery({
    queryKey: [...insightsKey, 'diff', id, otherId],
    queryFn: () => api.get<SbomDiff>(`/sboms/${seg(id)}/diff/${seg(otherId)}`),
  });
}

/** GET /vulnerabilities/{id}: the loaded data about it (any of its ids) and which of my product versions have it. */
export function useVulnerability(id: string) {
  return useQuery({
    queryKey: [...insightsKey, 'vulnerability', id.trim().toUpperCase()],
    queryFn: () => api.get<Vulnerability>(`/vulnerabilities/${seg(id.trim())}`),
  });
}

/** The shape of a vulnerability id the server accepts (CVE-…, GHSA-…, PYSEC-…, OSV ids). */
export const vulnerabilityIdPattern = /^[A-Za-z0-9._:-]{3,100}$/;
