/** Publishing: a case's advisory as signed CSAF 2.0, the CSAF provider directory that serves it, and the ISAO's OpenPGP key. */
export { providerRoutes } from './provider.routes.ts';
export { publishingRoutes } from './publishing.routes.ts';
export { signingKey } from './signing.ts';
