import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams } from '../../shared/api/common.ts';
import * as G from '../../shared/api/groups.ts';
import * as groups from './sharing-groups.service.ts';

const tags = ['sharing groups'];

/** Sharing groups: create, add and remove organisations, confidential membership. */
export const groupRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/sharing-groups',
    summary: 'Groups I belong to or manage',
    tags,
    auth: 'member',
    response: G.SharingGroupList,
    handler: async ({ actor, ctx }) => groups.listGroups(ctx, actor!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/sharing-groups',
    summary: 'Create a sharing group',
    tags,
    auth: 'member',
    body: G.CreateGroupBody,
    response: G.SharingGroup,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => groups.createGroup(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/sharing-groups/:id',
    summary: 'One sharing group (members hidden when confidential)',
    tags,
    auth: 'member',
    params: IdParams,
    response: G.SharingGroup,
    handler: async ({ actor, ctx, params }) => groups.getGroup(ctx, actor!, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/sharing-groups/:id',
    summary: 'Change a sharing group',
    tags,
    auth: 'member',
    params: IdParams,
    body: G.UpdateGroupBody,
    response: G.SharingGroup,
    handler: async ({ actor, ctx, params, body, ip }) => groups.updateGroup(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/sharing-groups/:id/members',
    summary: 'Add an organisation to a group',
    tags,
    auth: 'member',
    params: IdParams,
    body: G.AddGroupMemberBody,
    response: G.SharingGroup,
    status: 201,
    handler: async ({ actor, ctx, params, body, ip }) => groups.addMember(ctx, actor!, params.id, body.orgId, ip),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/sharing-groups/:id/members/:orgId',
    summary: 'Remove an organisation from a group',
    tags,
    auth: 'member',
    params: G.GroupMemberParams,
    response: G.SharingGroup,
    handler: async ({ actor, ctx, params, ip }) => groups.removeMember(ctx, actor!, params.id, params.orgId, ip),
  }),
];
