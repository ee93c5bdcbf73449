import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { groupRoutes } from '../modules/groups/sharing-groups.routes.ts';
import { authRoutes } from '../modules/members/auth.routes.ts';
import { memberRoutes } from '../modules/members/members.routes.ts';
import { noticeRoutes } from '../modules/notices/notices.routes.ts';
import { insightRoutes } from '../modules/portfolio/insight.routes.ts';
import { portfolioRoutes } from '../modules/portfolio/portfolio.routes.ts';
import { vexRoutes } from '../modules/vex/vex.routes.ts';
import { advisoryRoutes } from '../modules/advisories/index.ts';
import { feedRoutes } from '../modules/feeds/index.ts';
import { reportRoutes } from '../modules/disclosure/index.ts';
import { caseRoutes, externalVendorRoutes, vendorAccessRoutes } from '../modules/cases/index.ts';
import { providerRoutes, publishingRoutes } from '../modules/publishing/index.ts';
import { directMessageRoutes, forumRoutes } from '../modules/forum/index.ts';
import { notificationRoutes } from '../modules/notifications/index.ts';
import { webhookRoutes } from '../modules/webhooks/index.ts';
import type { AnyRoute } from './http/route.ts';

/** Every API route of the application: registered by buildApp and enumerated by the policy route test. */
export const routeTable: AnyRoute[] = [
  ...authRoutes,
  ...memberRoutes,
  ...groupRoutes,
  ...noticeRoutes,
  ...auditRoutes,
  ...portfolioRoutes,
  ...insightRoutes,
  ...vexRoutes,
  ...advisoryRoutes,
  ...feedRoutes,
  ...reportRoutes,
  ...caseRoutes,
  ...externalVendorRoutes,
  ...vendorAccessRoutes,
  ...publishingRoutes,
  ...providerRoutes,
  ...forumRoutes,
  ...directMessageRoutes,
  ...notificationRoutes,
  ...webhookRoutes,
];
