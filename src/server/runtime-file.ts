import fs from 'node:fs';
import path from 'node:path';

/** What a running embedded server tells the CLI on the same machine (data/server.json, mode 0600). */
export interface RuntimeInfo {
  pid: number;
  port: number;
  /** The CLI proves it can read the data folder by sending this secret. */
  cliSecret: string;
}

export const runtimeFilePath = (dataDir: string) => path.join(dataDir, 'server.json');

/** Writes the runtime file atomically, readable by the owner only. */
export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): void {
  const file = runtimeFilePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Reads the runtime file of a server that is still alive, or null. */
export function readRuntimeFile(dataDir: string): RuntimeInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(runtimeFilePath(dataDir), 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

/** Removes the runtime file if it is ours. */
export function removeRuntimeFile(dataDir: string): void {
  try {
    const info = JSON.parse(fs.readFileSync(runtimeFilePath(dataDir), 'utf8')) as RuntimeInfo;
    if (info.pid === process.pid) fs.rmSync(runtimeFilePath(dataDir), { force: true });
  } catch {
    // already gone
  }
}
