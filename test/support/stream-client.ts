import WebSocket from 'ws';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A test client of /api/v1/stream that records every frame. */
export interface StreamClient {
  frames: Json[];
  events(): Json[];
  /** Resolves with the first event frame matching, waiting up to ms. */
  waitFor(match: (frame: Json) => boolean, ms?: number): Promise<Json>;
  lastId(): number;
  close(): Promise<void>;
  socket: WebSocket;
}

export async function openStream(baseUrl: string, auth: { cookie?: string; token?: string }, after?: number): Promise<StreamClient> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/stream${after !== undefined ? `?after=${after}` : ''}`;
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = `isao_session=${auth.cookie}`;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  const socket = new WebSocket(url, { headers });
  const frames: Json[] = [];
  const waiters: { match: (f: Json) => boolean; resolve: (f: Json) => void }[] = [];
  socket.on('message', (raw) => {
    const frame = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(raw as Buffer[]).toString('utf8')) as Json;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.once('error', reject);
  });
  // Wait for hello (sent after authentication, before catch-up).
  await new Promise<void>((resolve) => {
    const check = () => (frames.some((f) => f.type === 'hello') ? resolve() : setTimeout(check, 5));
    check();
  });
  return {
    frames,
    socket,
    events: () => frames.filter((f) => f.type === 'event'),
    lastId: () => Math.max(0, ...frames.filter((f) => f.type === 'event').map((f) => f.id as number)),
    waitFor(match, ms = 5000) {
      const found = frames.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching frame within ${ms} ms; got ${JSON.stringify(frames).slice(0, 2000)}`)),
          ms,
        );
        waiters.push({
          match,
          resolve: (f) => {
            clearTimeout(timer);
            resolve(f);
          },
        });
      });
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
