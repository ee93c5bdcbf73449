/** CycloneDX 1.2–1.6 JSON → Sbom. */
import { checkCycloneDxVersion, mapCycloneDx } from './cyclonedx-model.ts';
import { asObject, optString } from './json-fields.ts';
import { SbomParseError, type Sbom } from './sbom.types.ts';

/** Maps a parsed CycloneDX JSON document (the value of JSON.parse) to the normalized model; dependsOn arrays may be shared with it. */
export function parseCycloneDxJson(value: unknown): Sbom {
  const doc = asObject(value, '(document)');
  const format = optString(doc, 'bomFormat', '');
  if (format !== 'CycloneDX')
    throw new SbomParseError(`bomFormat is ${format === undefined ? 'missing' : `"${format}"`}, expected "CycloneDX"`, 'bomFormat');
  const specVersion = checkCycloneDxVersion(optString(doc, 'specVersion', ''), 'specVersion');
  return mapCycloneDx(doc, specVersion, 'json');
}
