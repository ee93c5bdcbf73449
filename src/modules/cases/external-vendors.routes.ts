import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import * as C from '../../shared/api/cases.ts';
import { IdParams } from '../../shared/api/common.ts';
import { addExternalVendor, sendNewVendorLink } from './external-vendors.service.ts';

const tags = ['cases'];

/** Vendors that are not members, for ISAO coordinators: add one to a case, send it a new link. */
export const externalVendorRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/external-vendors',
    summary: 'Add a vendor that is not a member; its contact is emailed a one-time link to this case (ISAO coordinators)',
    tags,
    auth: 'member',
    params: IdParams,
    body: C.AddExternalVendorBody,
    response: C.CaseDetail,
    status: 201,
    handler: async ({ actor, ctx, params, body, ip }) => addExternalVendor(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/external-vendors/:orgId/link',
    summary: 'Email an external vendor a new link (optionally to a corrected contact); the previous link and its session stop working',
    tags,
    auth: 'member',
    params: C.ExternalVendorParams,
    body: C.NewVendorLinkBody,
    response: C.CaseDetail,
    handler: async ({ actor, ctx, params, body, ip }) => sendNewVendorLink(ctx, actor!, params.id, params.orgId, body, ip),
  }),
];
