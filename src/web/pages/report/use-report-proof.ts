// The form check of the report form: a challenge fetched when the person starts filling the form, solved in the
// background, and replaced when it expired or the server refused it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchChallenge } from '../../api/reports.ts';
import { solveChallenge } from './proof-of-work.ts';

/** What the server needs with the report. */
export interface Proof {
  challenge: string;
  nonce: string;
}

/** Where the form check stands, for the status line. */
export interface ProofState {
  phase: 'idle' | 'working' | 'ready' | 'failed';
  /** Share of the expected work done (0..1) while working. */
  progress: number;
  error: unknown;
}

interface Job {
  promise: Promise<Proof>;
  /** When the challenge stops being accepted (ms), once known. */
  expiresAt: number | null;
  abort: AbortController;
  failed: boolean;
}

/** A challenge is renewed when less than this is left of it. */
const MARGIN_MS = 60_000;

/** start() when the person begins; obtain() at sending; renew() after the server refused a proof. */
export function useReportProof() {
  const [state, setState] = useState<ProofState>({ phase: 'idle', progress: 0, error: null });
  const job = useRef<Job | null>(null);

  const begin = useCallback((): Job => {
    job.current?.abort.abort();
    const abort = new AbortController();
    const current: Job = { promise: Promise.resolve({ challenge: '', nonce: '' }), expiresAt: null, abort, failed: false };
    setState({ phase: 'working', progress: 0, error: null });
    current.promise = (async () => {
      const challenge = await fetchChallenge();
      current.expiresAt = new Date(challenge.expiresAt).getTime();
      const nonce = await solveChallenge(
        challenge.challenge,
        challenge.difficulty,
        (progress) => {
          if (job.current === current) setState({ phase: 'working', progress, error: null });
        },
        abort.signal,
      );
      if (job.current === current) setState({ phase: 'ready', progress: 1, error: null });
      return { challenge: challenge.challenge, nonce };
    })();
    current.promise.catch((error: unknown) => {
      current.failed = true;
      if (job.current === current && !abort.signal.aborted) setState({ phase: 'failed', progress: 0, error });
    });
    job.current = current;
    return current;
  }, []);

  /** Starts the check if it has not started (or failed). */
  const start = useCallback(() => {
    if (job.current === null || job.current.failed) begin();
  }, [begin]);

  /** A solved, unexpired proof: waits for the running check, starts a new one when needed. */
  const obtain = useCallback(async (): Promise<Proof> => {
    let current = job.current;
    const expired = current?.expiresAt != null && current.expiresAt - MARGIN_MS < Date.now();
    if (current === null || expired || current.failed) current = begin();
    return current.promise;
  }, [begin]);

  /** Throws the used or refused challenge away and starts a new check. */
  const renew = useCallback(() => {
    begin();
  }, [begin]);

  useEffect(() => () => job.current?.abort.abort(), []);

  return { state, start, obtain, renew };
}
