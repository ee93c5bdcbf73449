/** Fixtures and a strict checker of the Markdown renderer's HTML, shared by its tests. */
import { expect } from 'vitest';
import type { MentionNames } from '../../src/modules/forum/markdown.ts';

export const ANN = '123e4567-e89b-12d3-a456-426614174000';
export const BOB = '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
export const ACME = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
export const NOBODY = '00000000-1111-4222-8333-444444444444';

export const NAMES: MentionNames = {
  people: new Map([
    [ANN, 'Ann <b>O\'Neil</b> & "Co"'],
    [BOB, 'Bob'],
  ]),
  orgs: new Map([[ACME, 'Acme <script>alert(1)</script>']]),
};

export const REL = 'rel="noopener noreferrer nofollow"';

// ---------------------------------------------------------------------------------------------------------------------
// A strict reader of the renderer's output. Every `<` the renderer writes opens or closes a tag (text is escaped), and
// every attribute value is double-quoted with `"`, `<`, `>` and `&` escaped; anything else fails the test. Only the
// tags and attributes below may appear.

const ALLOWED_TAGS: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'title', 'rel', 'target'],
  span: ['class', 'data-person', 'data-org'],
  code: ['class'],
  ol: ['start'],
  th: ['style'],
  td: ['style'],
  ...Object.fromEntries(
    [
      'p',
      'br',
      'hr',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'em',
      'strong',
      's',
      'pre',
      'blockquote',
      'ul',
      'li',
      'table',
      'thead',
      'tbody',
      'tr',
    ].map((tag) => [tag, []]),
  ),
};

export interface Tag {
  name: string;
  closing: boolean;
  attrs: [string, string][];
}

const TAG_RE = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*="[^"<>]*")*)\s*>/y;
const ATTR_RE = /\s+([a-z][a-z0-9-]*)="([^"<>]*)"/g;

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&(quot|lt|gt|amp);/g, (_, name: string) => ({ quot: '"', lt: '<', gt: '>', amp: '&' })[name] ?? '');
}

function readTags(html: string): Tag[] {
  const tags: Tag[] = [];
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    TAG_RE.lastIndex = at;
    const match = TAG_RE.exec(html);
    if (!match) throw new Error(`not a well-formed tag at ${at}: ${html.slice(at, at + 60)}`);
    const attrs = [...match[3]!.matchAll(ATTR_RE)].map((m): [string, string] => [m[1]!, decodeEntities(m[2]!)]);
    tags.push({ name: match[2]!, closing: match[1] === '/', attrs });
  }
  return tags;
}

/** Fails unless `html` has only allowed tags and attributes, and every link goes somewhere allowed. */
export function expectSafe(html: string): void {
  expect(html).not.toMatch(/<\s*\/?\s*(script|iframe|img|style|svg|math|object|embed|form|input|button|meta|link|base|details)\b/i);
  expect(html).not.toMatch(/href="\s*(javascript|vbscript|data|file):/i);
  const problems: string[] = [];
  for (const tag of readTags(html)) {
    const allowed = ALLOWED_TAGS[tag.name];
    if (!allowed) problems.push(`tag <${tag.name}>`);
    if (tag.closing && tag.attrs.length > 0) problems.push(`attributes on </${tag.name}>`);
    for (const [name, value] of tag.closing ? [] : tag.attrs) {
      const problem = `${name}="${value}" on <${tag.name}>`;
      if (!allowed?.includes(name) || /^on/i.test(name)) problems.push(problem);
      if (name === 'href') {
        if (!/^(https?:\/\/[^/]|mailto:|\/(?![/\\]|%5c))/i.test(value)) problems.push(problem);
        if (/javascript:|vbscript:|data:/i.test(value.replace(/[\s\u0000-\u001f]/g, ''))) problems.push(problem);
      }
      if (name === 'rel' && value !== 'noopener noreferrer nofollow') problems.push(problem);
      if (name === 'target' && value !== '_blank') problems.push(problem);
      if (name === 'style' && !/^text-align:(left|right|center)$/.test(value)) problems.push(problem);
      if (name === 'class' && !/^(mention|language-[\w+#.-]+)$/.test(value)) problems.push(problem);
    }
    if (tag.name === 'a' && !tag.closing && !tag.attrs.some(([name]) => name === 'rel')) problems.push('<a> without rel');
  }
  expect(problems).toEqual([]);
}

export function links(html: string): Tag[] {
  return readTags(html).filter((tag) => tag.name === 'a' && !tag.closing);
}

export function timed(render: () => string): { html: string; ms: number } {
  // Best of three after a warm-up, so a slow machine's noise is not mistaken for a super-linear blow-up (which takes
  // seconds, not a few hundred milliseconds).
  render();
  let best = Infinity;
  let html = '';
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    html = render();
    best = Math.min(best, performance.now() - started);
  }
  return { html, ms: best };
}
