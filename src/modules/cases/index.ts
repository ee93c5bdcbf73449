/** Disclosure cases: vulnerabilities × member and external vendors, vendor statements, ISO/IEC 30111 states, change log. */
export { caseRoutes } from './cases.routes.ts';
export { externalVendorRoutes } from './external-vendors.routes.ts';
export { vendorAccessRoutes } from './vendor-access.routes.ts';
export { sendEmbargoReminders, startEmbargoReminders } from './embargo-reminders.ts';
export { appendCaseLog } from './cases.service.ts';
