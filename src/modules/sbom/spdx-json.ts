/** SPDX 2.2/2.3 JSON → Sbom. */
import { asObject } from './json-fields.ts';
import type { Sbom } from './sbom.types.ts';
import { mapSpdx2 } from './spdx2-model.ts';

/** Maps a parsed SPDX 2 JSON document (the value of JSON.parse) to the normalized model. */
export function parseSpdxJson(value: unknown): Sbom {
  return mapSpdx2(asObject(value, '(document)'), 'json');
}
