#!/usr/bin/env node
// Builds the web UI with Vite only when its sources changed, so `npm start` stays fast. Prints one line.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repo, 'dist', 'web');
const hashFile = path.join(outDir, '.build-hash');
const inputs = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'];

/** Every file under a path, relative to the repository, sorted so the hash is stable. */
function listFiles(rel) {
  const abs = path.join(repo, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) return listFiles(child);
      return entry.isFile() ? [child] : [];
    });
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(listFiles)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(repo, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

const wanted = sourceHash();
const stored = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : '';
if (stored === wanted && existsSync(path.join(outDir, 'index.html'))) {
  console.log(`web: dist/web is up to date (${wanted.slice(0, 12)})`);
  process.exit(0);
}

const started = Date.now();
const { build } = await import('vite');
try {
  await build({ configFile: path.join(repo, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
} catch (error) {
  console.error(`web: build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
writeFileSync(hashFile, `${wanted}\n`);
console.log(`web: built dist/web in ${((Date.now() - started) / 1000).toFixed(1)}s (${wanted.slice(0, 12)})`);
