/**
 * A webhook's HTTP request: signed, sent only to an address vetted at send time (webhook-address.ts), with a time limit
 * and a cap on the answer read; redirects are never followed.
 */
import { createHmac } from 'node:crypto';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { type ResolvedAddress, vetDeliveryTarget } from './webhook-address.ts';

/**
 * Reads (and drops) at most `max` bytes of an answer, so the connection is settled without holding a large body. The
 * body is never stored or shown: the delivery log would otherwise let an org admin read what an address inside the
 * platform's network answers.
 */
function drain(res: IncomingMessage, max: number): Promise<void> {
  return new Promise((resolve) => {
    let size = 0;
    const done = () => {
      res.removeAllListeners('data');
      resolve();
    };
    res.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size >= max) {
        res.destroy();
        done();
      }
    });
    // A broken or slow answer body: the status decides.
    res.once('end', done);
    res.on('error', done);
    res.once('close', done);
  });
}

const clean = (text: string, max: number) =>
  text
    .replace(/[\u0000-\u001F\u007F]+/g, ' ')
    .trim()
    .slice(0, max);

function describeError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  const text = e?.code ?? e?.cause?.code ?? e?.cause?.message ?? (err instanceof Error ? err.message : String(err));
  return clean(`could not connect: ${text}`, 500);
}

/** A resolver that answers only the vetted addresses: the connection cannot go anywhere a second DNS answer says. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

/**
 * POSTs one signed body to an address vetted at send time (see webhook-address.ts), with the URL's host name for the
 * Host header and TLS (SNI and certificate check); never follows redirects (a 3xx is a failure).
 */
export async function postSigned(
  url: string,
  body: string,
  headers: Record<string, string>,
  limits: { allowPrivate: boolean; timeoutMs: number; maxResponseBytes: number },
): Promise<{ status: number | null; error: string | null }> {
  const target = new URL(url);
  const vetted = await vetDeliveryTarget(target, limits.allowPrivate);
  if (vetted.error !== null) return { status: null, error: vetted.error };
  const status = await new Promise<number | Error>((resolve) => {
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(vetted.addresses),
        agent: false,
        signal: AbortSignal.timeout(limits.timeoutMs),
      },
      (res) => {
        void drain(res, limits.maxResponseBytes).then(() => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (err) => resolve(err));
    req.end(body);
  });
  if (status instanceof Error) return { status: null, error: describeError(status, limits.timeoutMs) };
  if (status >= 200 && status < 300) return { status, error: null };
  return { status, error: `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}` };
}

/** The headers of a delivery: the signature is HMAC-SHA256 over "<timestamp>.<body>" with the webhook's secret. */
export function signedHeaders(secret: string, deliveryId: string, eventType: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'user-agent': 'OpenISAO-Webhook/1',
    'x-isao-event': eventType,
    'x-isao-delivery': deliveryId,
    'x-isao-timestamp': timestamp,
    'x-isao-signature': `sha256=${signature}`,
  };
}
