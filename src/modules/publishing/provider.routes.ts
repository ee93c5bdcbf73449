/**
 * The CSAF provider (CSAF 2.0 section 7): provider-metadata.json, the directory distribution per TLP (year folders,
 * index.txt, changes.csv newest first, .sha256/.sha512 and OpenPGP .asc per file), the public key, and security.txt
 * (RFC 9116) with a CSAF line. TLP:WHITE is public; GREEN and AMBER folders list and serve only what the reader may
 * read, through the policy module.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { csafFileName } from '../csaf/index.ts';
import { type Actor, SqlParams, sharedColumns, visibleFilter } from '../policy/index.ts';
import { signingKey } from './signing.ts';

const tags = ['csaf provider'];
const dirs = { white: 'WHITE', green: 'GREEN', amber: 'AMBER' } as const;
const TlpDir = z.enum(['white', 'green', 'amber']);
const Text = z.string();

interface FileRow {
  tracking_id: string;
  title: string;
  initial_release_date: Date;
  current_release_date: Date;
}

/** Published advisories of one TLP folder that the reader may read (the policy decides, in the database). */
async function folder(ctx: AppContext, reader: Actor | null, dir: keyof typeof dirs): Promise<FileRow[]> {
  const params = new SqlParams([dirs[dir]]);
  const visible = visibleFilter(reader, ctx.clock.now(), params, sharedColumns('a'));
  return ctx.db.query<FileRow>(
    `SELECT a.tracking_id, a.title, a.initial_release_date, a.current_release_date FROM advisories a
      WHERE a.source = 'published' AND a.csaf_tlp = $1 AND ${visible} ORDER BY a.current_release_date DESC, a.tracking_id`,
    params.values,
  );
}

/** One file of a folder (by year and CSAF file name) with its document and signature, when the reader may read it. */
async function folderFile(ctx: AppContext, reader: Actor | null, dir: keyof typeof dirs, year: string, fileName: string) {
  const params = new SqlParams([dirs[dir], Number(year), fileName]);
  const visible = visibleFilter(reader, ctx.clock.now(), params, sharedColumns('a'));
  // The file name rule of csafFileName(), in SQL, so only the one document is read.
  const [row] = await ctx.db.query<{ document: string; signature: string | null }>(
    `SELECT a.document, a.signature FROM advisories a
      WHERE a.source = 'published' AND a.csaf_tlp = $1 AND extract(year FROM a.initial_release_date AT TIME ZONE 'UTC') = $2
        AND regexp_replace(lower(a.tracking_id), '[^+\\-a-z0-9]+', '_', 'g') || '.json' = $3 AND ${visible}`,
    params.values,
  );
  return row ?? null;
}

const pathOf = (r: FileRow) => `${new Date(r.initial_release_date).getUTCFullYear()}/${csafFileName(r.tracking_id)}`;

function text(reply: FastifyReply, type: string, body: string) {
  reply.header('content-type', type);
  return body;
}

export const providerRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/.well-known/csaf/provider-metadata.json',
    summary: 'CSAF provider metadata: publisher, role, distributions per TLP, the OpenPGP key',
    tags,
    auth: 'public',
    response: z.record(z.string(), z.unknown()),
    handler: async ({ ctx }) => {
      const key = await signingKey(ctx);
      const [publisher] = await ctx.db.query<{ name: string }>(
        "SELECT name FROM organisations WHERE kind = 'operator' ORDER BY created_at LIMIT 1",
      );
      const [last] = await ctx.db.query<{ at: Date | null }>("SELECT max(updated_at) AS at FROM advisories WHERE source = 'published'");
      const base = `${ctx.config.publicUrl}/.well-known/csaf`;
      return {
        canonical_url: `${base}/provider-metadata.json`,
        distributions: Object.entries(dirs).map(([d, label]) => ({
          directory_url: `${base}/${d}/`,
          rolie: { feeds: [{ summary: `TLP:${label} advisories`, tlp_label: label, url: `${base}/feed-tlp-${d}.json` }] },
        })),
        last_updated: new Date(last?.at ?? ctx.clock.now()).toISOString(),
        list_on_CSAF_aggregators: true,
        metadata_version: '2.0',
        mirror_on_CSAF_aggregators: true,
        public_openpgp_keys: [{ fingerprint: key.fingerprint, url: `${base}/openpgp/${key.fingerprint}.asc` }],
        publisher: { category: 'coordinator', name: publisher?.name ?? 'OpenISAO', namespace: ctx.config.publicUrl },
        role: 'csaf_trusted_provider',
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/.well-known/csaf/openpgp/:file',
    summary: 'The public OpenPGP key that signs the advisories (<FINGERPRINT>.asc)',
    tags,
    auth: 'public',
    params: z.strictObject({ file: z.string().max(100) }),
    response: Text,
    handler: async ({ ctx, params, reply }) => {
      const key = await signingKey(ctx);
      if (params.file !== `${key.fingerprint}.asc`) throw new AppError('not_found');
      return text(reply, 'application/pgp-keys', key.publicKey);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/.well-known/csaf/:tlp/index.txt',
    summary: 'Every advisory of the folder I may read, one path per line',
    tags,
    auth: 'public',
    params: z.strictObject({ tlp: TlpDir }),
    response: Text,
    handler: async ({ actor, ctx, params, reply }) => {
      const rows = await folder(ctx, actor, params.tlp);
      return text(reply, 'text/plain; charset=utf-8', rows.map((r) => `${pathOf(r)}\n`).join(''));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/.well-known/csaf/:tlp/changes.csv',
    summary: 'The folder’s advisories with their last change, newest first',
    tags,
    auth: 'public',
    params: z.strictObject({ tlp: TlpDir }),
    response: Text,
    handler: async ({ actor, ctx, params, reply }) => {
      const rows = await folder(ctx, actor, params.tlp);
      return text(
        reply,
        'text/csv; charset=utf-8',
        rows.map((r) => `"${pathOf(r)}","${new Date(r.current_release_date).toISOString()}"\n`).join(''),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/.well-known/csaf/:tlp/:year/:file',
    summary: 'An advisory (.json), its hashes (.json.sha256, .json.sha512) or its OpenPGP signature (.json.asc)',
    tags,
    auth: 'public',
    params: z.strictObject({ tlp: TlpDir, year: z.string().regex(/^\d{4}$/), file: z.string().max(300) }),
    response: Text,
    handler: async ({ actor, ctx, params, reply }) => {
      const m = /^(.+\.json)(\.sha256|\.sha512|\.asc)?$/.exec(params.file);
      const row = m ? await folderFile(ctx, actor, params.tlp, params.year, m[1]!) : null;
      if (!m || !row) throw new AppError('not_found');
      reply.header('cache-control', params.tlp === 'white' ? 'public, max-age=300' : 'private, no-store');
      if (!m[2]) return text(reply, 'application/json; charset=utf-8', row.document);
      if (m[2] === '.asc') {
        if (!row.signature) throw new AppError('not_found');
        return text(reply, 'application/pgp-signature', row.signature);
      }
      const algorithm = m[2] === '.sha256' ? 'sha256' : 'sha512';
      return text(reply, 'text/plain; charset=utf-8', `${createHash(algorithm).update(row.document, 'utf8').digest('hex')}  ${m[1]}\n`);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/.well-known/csaf/feed-tlp-:tlp.json',
    summary: 'ROLIE feed of the folder’s advisories I may read (CSAF 2.0 section 7.1.21), newest first',
    tags,
    auth: 'public',
    params: z.strictObject({ tlp: TlpDir }),
    response: z.record(z.string(), z.unknown()),
    handler: async ({ actor, ctx, params }) => {
      const rows = await folder(ctx, actor, params.tlp);
      const base = `${ctx.config.publicUrl}/.well-known/csaf`;
      const self = `${base}/feed-tlp-${params.tlp}.json`;
      return {
        feed: {
          id: `${ctx.config.publicUrl}/csaf-feed-tlp-${params.tlp}`,
          title: `CSAF feed (TLP:${dirs[params.tlp]})`,
          link: [{ rel: 'self', href: self }],
          category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
          updated: new Date(rows[0]?.current_release_date ?? ctx.clock.now()).toISOString(),
          entry: rows.map((r) => {
            const url = `${base}/${params.tlp}/${pathOf(r)}`;
            return {
              id: r.tracking_id,
              title: r.title,
              link: [
                { rel: 'self', href: url },
                { rel: 'hash', href: `${url}.sha512` },
                { rel: 'signature', href: `${url}.asc` },
              ],
              published: new Date(r.initial_release_date).toISOString(),
              updated: new Date(r.current_release_date).toISOString(),
              content: { type: 'application/json', src: url },
              format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' },
            };
          }),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/.well-known/security.txt',
    summary: 'security.txt (RFC 9116): how to report a vulnerability, the OpenPGP key, the CSAF provider',
    tags,
    auth: 'public',
    response: Text,
    handler: async ({ ctx, reply }) => {
      const base = ctx.config.publicUrl;
      // Expires a year ahead of now: the file is generated, so it never goes stale.
      const expires = new Date(ctx.clock.now().getTime() + 365 * 86_400_000);
      expires.setUTCHours(0, 0, 0, 0);
      return text(
        reply,
        'text/plain; charset=utf-8',
        [
          `Contact: ${base}/report`,
          `Contact: mailto:${ctx.config.mailFrom}`,
          `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
          // The same key, at the address the report page links: its subkey decrypts reports (see disclosure/report-encryption.ts).
          `Encryption: ${base}/api/v1/reports/openpgp-key`,
          `Policy: ${base}/report`,
          `Preferred-Languages: en`,
          `Canonical: ${base}/.well-known/security.txt`,
          `CSAF: ${base}/.well-known/csaf/provider-metadata.json`,
          '',
        ].join('\n'),
      );
    },
  }),
];
