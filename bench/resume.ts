/**
 * The `resume` benchmark: the `fanout` run (two `isao serve` nodes, 1,000 subscribers, a post every 10 ms) for 20 s,
 * with node B killed (SIGKILL) after 10 s. Its clients reconnect at once to node A with ?after=<last id>. Reported:
 * time from the kill to each reconnected client's first frame and first event (p50/p99/max); every post's event
 * received exactly once by every client over the whole run (no gap, no duplicate). Same as
 * `npm run bench -- fanout --kill-node yes --duration 20 --baseline no`; see fanout.ts.
 */
import { runFanout } from './fanout.ts';

export async function main(args: string[]): Promise<number> {
  return runFanout(args, 'resume');
}
