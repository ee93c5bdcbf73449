/** Disclosure cases: vulnerabilities × member vendors, vendor statements, ISO/IEC 30111 states, change log. */
export { caseRoutes } from './cases.routes.ts';
export { sendEmbargoReminders, startEmbargoReminders } from './embargo-reminders.ts';
export { appendCaseLog } from './cases.service.ts';
