import type { AppContext } from '../server/context.ts';

/** Where a command writes: the terminal, or the stream back to a CLI that went through the server. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** A command that works on the database, runnable locally or inside a running server. */
export interface DbCommand {
  run(ctx: AppContext, io: CommandIo, args: Record<string, unknown>): Promise<number>;
}

/** Exit codes of the `isao` command. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;
