/**
 * The baseline of the `fanout` benchmark, in its own process: a bare `ws` WebSocketServer (no framework, no
 * database, no policy check) that says hello to every client and then broadcasts `count` frames, one every
 * `intervalMs`, each `size` bytes in the stream's frame format, to every connected client. It records the time of
 * each broadcast (just before the loop over the clients) and hands those times to its parent.
 */
import { WebSocketServer } from 'ws';

const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type BareCommand = { cmd: 'broadcast'; count: number; intervalMs: number; size: number } | { cmd: 'close' };

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 4096 });
wss.on('connection', (socket) => {
  socket.on('error', () => socket.terminate());
  socket.send(JSON.stringify({ type: 'hello', head: 0 }));
});
wss.on('listening', () => process.send!({ port: (wss.address() as { port: number }).port }));

/** A frame shaped like the stream's post.created frames, padded to `size` bytes. */
function frame(id: number, size: number): string {
  const head = {
    type: 'event',
    id,
    event: 'post.created',
    at: new Date().toISOString(),
    data: { threadId: 'bench', postId: `p${id}`, post: { body: '' } },
  };
  const empty = JSON.stringify(head).length;
  head.data.post.body = 'x'.repeat(Math.max(0, size - empty));
  return JSON.stringify(head);
}

async function broadcast(count: number, intervalMs: number, size: number): Promise<Float64Array> {
  const sentAt = new Float64Array(count);
  const t0 = wallNow() + 20;
  for (let i = 0; i < count; i++) {
    const wait = t0 + i * intervalMs - wallNow();
    if (wait > 1) await sleep(wait);
    const text = frame(i + 1, size);
    sentAt[i] = wallNow();
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  }
  return sentAt;
}

process.on('message', (msg: BareCommand) => {
  if (msg.cmd === 'broadcast') {
    void broadcast(msg.count, msg.intervalMs, msg.size).then((sentAt) => process.send!({ sentAt, clients: wss.clients.size }));
  } else {
    for (const c of wss.clients) c.terminate();
    wss.close(() => process.send!({ closed: true }));
  }
});
process.on('disconnect', () => process.exit(0));
