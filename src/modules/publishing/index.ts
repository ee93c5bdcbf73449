/** Publishing: a case's advisory as signed CSAF 2.0, and the CSAF provider directory that serves it. */
export { providerRoutes } from './provider.routes.ts';
export { publishingRoutes } from './publishing.routes.ts';
