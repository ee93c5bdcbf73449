// Member-written Markdown to HTML for the forum.
//
// The HTML this produces is put into the page with dangerouslySetInnerHTML, so it is safe by construction rather than
// by sanitising afterwards: raw HTML in the source is never passed through (it is shown, escaped, as text), every token
// type that could emit markup with a URL or attributes has its own renderer here, and each of those builds its
// attributes from scratch out of values that are checked and escaped. Nothing is ever loaded from elsewhere: an image
// becomes its alt text plus a link to it.

import MarkdownIt, { type RendererRule, type StateCore, type Token } from 'markdown-it';

export interface MentionNames {
  people: ReadonlyMap<string, string>;
  orgs: ReadonlyMap<string, string>;
} // uuid (lowercase) -> display name

export interface Mentions {
  personIds: string[];
  orgIds: string[];
} // deduplicated, lowercase, in order of first appearance

export const MAX_MARKDOWN_LENGTH = 20000; // characters

/** How deep blocks (quotes, lists) and inline markup (emphasis, links) may nest; deeper content is cut off. */
const MAX_NESTING = 20;

const UNKNOWN_PERSON = '@someone';
const UNKNOWN_ORG = '@an organisation';

/** A mention as the composer inserts it: `@person:<uuid>` or `@org:<uuid>`, not glued to a preceding word, path or `@`. */
const MENTION_RE = /(?<![\w@/])@(person|org):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/gi;

type MentionKind = 'person' | 'org';

interface MentionMeta extends Record<string, unknown> {
  kind: MentionKind;
  id: string;
}

interface RenderEnv {
  [key: string | symbol]: unknown;
  mentionNames?: MentionNames;
}

/** Characters a browser strips or folds when it reads a URL (controls, spaces, backslash), which no allowed href has. */
const URL_TRICK_RE = /[\u0000-\u0020\u007f-\u009f\\\u00ad\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff]/;

/**
 * Whether `href` (as markdown-it normalised it: entities decoded, then percent-encoded) may be a link target:
 * `http:`/`https:` with a host, `mailto:`, or a path on this site (`/…`, but not the protocol-relative `//…` or `/\…`).
 */
function isAllowedHref(href: string): boolean {
  if (href === '' || URL_TRICK_RE.test(href)) return false;
  if (/^https?:\/\/[^/]/i.test(href)) return true;
  if (/^mailto:./i.test(href)) return true;
  // A path on this site; not `//host`, nor `/\host` (which browsers read as `//host`) even percent-encoded.
  return /^\/(?![/\\]|%5c)/i.test(href);
}

function isExternalHref(href: string): boolean {
  return /^https?:/i.test(href);
}

const md = new MarkdownIt('default', {
  html: false,
  linkify: true,
  typographer: false,
  breaks: true,
  maxNesting: MAX_NESTING,
});

// Every destination is accepted at parse time, so that a link or image is recognised as one whatever its URL; the
// rule below then decides, for every link and image, whether its URL may be used. (markdown-it's own check would leave
// a rejected link as its literal source text, and does not know about `//host` or what this forum allows.)
md.validateLink = () => true;

/** Splits a text token's content into text and mention tokens. */
function splitMentions(state: StateCore, token: Token, out: Token[]): void {
  const text = token.content;
  MENTION_RE.lastIndex = 0;
  let last = 0;
  for (let match = MENTION_RE.exec(text); match !== null; match = MENTION_RE.exec(text)) {
    if (match.index > last) out.push(textToken(state, text.slice(last, match.index), token.level));
    const mention = new state.Token('mention', '', 0);
    mention.level = token.level;
    mention.content = match[0];
    const meta: MentionMeta = { kind: match[1]!.toLowerCase() as MentionKind, id: match[2]!.toLowerCase() };
    mention.meta = meta;
    out.push(mention);
    last = match.index + match[0].length;
  }
  if (last === 0) out.push(token);
  else if (last < text.length) out.push(textToken(state, text.slice(last), token.level));
}

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  token.level = level;
  return token;
}

/** The plain text of an image's description (its alt text), without markup. */
function plainText(tokens: Token[] | null): string {
  let text = '';
  for (const token of tokens ?? []) {
    if (token.type === 'text' || token.type === 'code_inline') text += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
    else if (token.type === 'image') text += plainText(token.children);
  }
  return text;
}

/**
 * Rewrites one inline token list: drops links whose URL is not allowed (keeping their text), turns images into
 * text (and a link to the image, when its URL is allowed and it is not already inside a link), and turns mention
 * tokens in text into `mention` tokens.
 */
function rewriteInline(state: StateCore, children: Token[]): Token[] {
  const out: Token[] = [];
  // For each open link: whether it was kept, and whether it is an autolink (whose text is its URL).
  const open: { kept: boolean; auto: boolean }[] = [];
  let keptLinks = 0;
  let autoLinks = 0;
  for (const token of children) {
    switch (token.type) {
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        const kept = isAllowedHref(href);
        const auto = token.markup === 'linkify' || token.info === 'auto';
        open.push({ kept, auto });
        if (kept) keptLinks++;
        if (auto) autoLinks++;
        if (kept) out.push(token);
        break;
      }
      case 'link_close': {
        const link = open.pop();
        if (link?.kept) keptLinks--;
        if (link?.auto) autoLinks--;
        if (link?.kept ?? true) out.push(token);
        break;
      }
      case 'image': {
        const alt = plainText(token.children).trim();
        const src = String(token.attrGet('src') ?? '');
        const parts: Token[] = [];
        if (isAllowedHref(src)) {
          const shown = md.normalizeLinkText(src);
          parts.push(textToken(state, `${alt === '' ? '' : `${alt} `}(image: `, token.level));
          if (keptLinks === 0) {
            const linkOpen = new state.Token('link_open', 'a', 1);
            linkOpen.attrs = [['href', src]];
            linkOpen.level = token.level;
            parts.push(linkOpen, textToken(state, shown, token.level + 1), new state.Token('link_close', 'a', -1));
          } else {
            parts.push(textToken(state, shown, token.level));
          }
          parts.push(textToken(state, ')', token.level));
        } else if (alt !== '') {
          parts.push(textToken(state, alt, token.level));
        }
        for (const part of parts) {
          if (part.type === 'text' && autoLinks === 0) splitMentions(state, part, out);
          else out.push(part);
        }
        break;
      }
      case 'text':
        if (autoLinks === 0) splitMentions(state, token, out);
        else out.push(token);
        break;
      default:
        out.push(token);
    }
  }
  return out;
}

md.core.ruler.push('forum_safety_and_mentions', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'inline' && token.children) token.children = rewriteInline(state, token.children);
  }
});

const escapeHtml = md.utils.escapeHtml;

// The renderers below build every attribute themselves; none passes through a token's attributes unchecked.

const renderLinkOpen: RendererRule = (tokens, idx) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  const title = token.attrGet('title');
  let attrs = '';
  // The rule above removes links with other URLs; an <a> without href is inert, should one ever get here.
  if (isAllowedHref(href)) attrs += ` href="${escapeHtml(href)}"`;
  if (title !== null && title !== '') attrs += ` title="${escapeHtml(String(title))}"`;
  attrs += ' rel="noopener noreferrer nofollow"';
  if (isAllowedHref(href) && isExternalHref(href)) attrs += ' target="_blank"';
  return `<a${attrs}>`;
};

md.renderer.rules.link_open = renderLinkOpen;
md.renderer.rules.link_close = () => '</a>';

// Images are rewritten to text above; should one ever get here, it is its alt text and nothing else.
md.renderer.rules.image = (tokens, idx) => escapeHtml(plainText(tokens[idx]!.children));

// `html: false` means the parser never makes these; if it ever did, they are text.
md.renderer.rules.html_block = (tokens, idx) => `<p>${escapeHtml(tokens[idx]!.content)}</p>\n`;
md.renderer.rules.html_inline = (tokens, idx) => escapeHtml(tokens[idx]!.content);

// A fenced block's language becomes a class only when it is a plain name.
md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx]!;
  const lang = md.utils.unescapeAll(token.info).trim().split(/\s+/)[0] ?? '';
  const cls = /^[\w+#.-]{1,40}$/.test(lang) ? ` class="language-${escapeHtml(lang)}"` : '';
  return `<pre><code${cls}>${escapeHtml(token.content)}</code></pre>\n`;
};

md.renderer.rules.mention = (tokens, idx, _options, env) => {
  const { kind, id } = tokens[idx]!.meta as MentionMeta;
  const names = env?.mentionNames as MentionNames | undefined;
  const name = kind === 'person' ? names?.people.get(id) : names?.orgs.get(id);
  if (name === undefined || name.trim() === '') return kind === 'person' ? UNKNOWN_PERSON : UNKNOWN_ORG;
  return `<span class="mention" data-${kind}="${escapeHtml(id)}">@${escapeHtml(name)}</span>`;
};

/** Mention tokens in the source: `@person:<uuid>` and `@org:<uuid>` (what the composer inserts). Not inside code spans/blocks. */
export function extractMentions(source: string): Mentions {
  const people = new Set<string>();
  const orgs = new Set<string>();
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (token.type === 'mention') {
        const { kind, id } = token.meta as MentionMeta;
        (kind === 'person' ? people : orgs).add(id);
      } else if (token.children) {
        visit(token.children);
      }
    }
  };
  visit(md.parse(source, {}));
  return { personIds: [...people], orgIds: [...orgs] };
}

/** Renders member-written Markdown to safe HTML. */
export function renderMarkdown(source: string, names?: MentionNames): string {
  if (source.length > MAX_MARKDOWN_LENGTH) {
    throw new Error(`too long: ${source.length} characters, at most ${MAX_MARKDOWN_LENGTH} are rendered`);
  }
  const env: RenderEnv = { mentionNames: names };
  return md.render(source, env);
}
