import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { dbCommands } from '../cli/registry.ts';
import { writeBackup } from '../modules/backup/backup.ts';
import type { AppContext } from './context.ts';
import { AppError, errorBody } from './http/errors.ts';
import { safeEqual } from './security/tokens.ts';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Turns an error from a command into one line for the terminal. */
export function describeCommandError(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof ZodError) return err.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ');
  return err instanceof Error ? err.message : String(err);
}

/**
 * While a server holds the embedded database, the `isao` CLI runs its database commands through
 * this route: loopback only, and only with the secret from the data folder's server.json.
 */
export function registerInternalCli(app: FastifyInstance, ctx: AppContext, secret: string): void {
  app.post('/internal/cli', { schema: { hide: true } }, async (req, reply) => {
    const sent = req.headers['x-isao-cli-secret'];
    if (!loopback.has(req.ip) || typeof sent !== 'string' || !safeEqual(sent, secret)) {
      return reply.status(403).send(errorBody('forbidden', 'Not allowed.'));
    }
    const body = (req.body ?? {}) as { command?: unknown; args?: unknown };
    const name = typeof body.command === 'string' ? body.command : '';
    const args = body.args && typeof body.args === 'object' ? (body.args as Record<string, unknown>) : {};
    if (name === 'backup') {
      const stream = new PassThrough();
      writeBackup(ctx.db, stream).catch((err: unknown) => stream.destroy(err as Error));
      return reply.type('application/gzip').send(stream);
    }
    const command = dbCommands[name];
    if (!command) return reply.status(404).send(errorBody('not_found', `No command "${name}".`));
    const stream = new PassThrough();
    const line = (value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
    void (async () => {
      try {
        const code = await command.run(ctx, { out: (text) => line({ out: text }), err: (text) => line({ err: text }) }, args);
        line({ exit: code });
      } catch (err) {
        line({ err: describeCommandError(err) });
        line({ exit: 1 });
      }
      stream.end();
    })();
    return reply.type('application/x-ndjson').send(stream);
  });
}
