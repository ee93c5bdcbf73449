/** Coordinated vulnerability disclosure: reports from anyone, the reporter's tracking link, the coordinators' triage. */
export { reportRoutes } from './reports.routes.ts';
