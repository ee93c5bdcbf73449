import pg from 'pg';
import { CHANGES_CHANNEL, type ChangeTracker, HEARTBEAT_MS } from './change-tracker.ts';

const HEARTBEAT_PAYLOAD = 'heartbeat';

/**
 * One connection that LISTENs to the change trigger's notifications; reconnects after a loss. It sends itself a
 * heartbeat every HEARTBEAT_MS, so a connection that died without a word (no error, no end) is noticed: the tracker
 * stops vouching for cached reads when it has heard nothing for a while (change-tracker.ts).
 */
export function changeListener(url: string, changes: ChangeTracker, ownBackends: ReadonlySet<number>) {
  let client: pg.Client | null = null;
  let started = false;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  const scheduleRetry = () => {
    if (!stopped && retry === null)
      retry = setTimeout(() => {
        retry = null;
        void connect().catch(() => scheduleRetry());
      }, 1000);
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    client = c;
    const lost = () => {
      if (client !== c) return;
      client = null;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      changes.setListening(false);
      c.end().catch(() => undefined);
      scheduleRetry();
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      changes.heard();
      if (n.payload !== HEARTBEAT_PAYLOAD && !ownBackends.has(n.processId)) changes.changed([n.payload ?? '']);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (err) {
      lost();
      throw err;
    }
    if (client !== c || stopped) return;
    changes.setListening(true);
    heartbeat = setInterval(() => {
      c.query(`SELECT pg_notify('${CHANGES_CHANNEL}', '${HEARTBEAT_PAYLOAD}')`).catch(lost);
    }, HEARTBEAT_MS);
    heartbeat.unref();
  };
  return {
    async start() {
      if (started) return;
      started = true;
      // Not listening yet: cached reads stay off until a retry connects.
      await connect().catch(() => scheduleRetry());
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      const c = client;
      client = null;
      changes.setListening(false);
      await c?.end().catch(() => undefined);
    },
  };
}
