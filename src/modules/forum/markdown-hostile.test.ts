import { describe, expect, it } from 'vitest';
import { ANN, NAMES, expectSafe, links, timed } from '../../../test/support/markdown-checks.ts';
import { MAX_MARKDOWN_LENGTH, renderMarkdown } from './markdown.ts';

describe('renderMarkdown: hostile input', () => {
  // Well-known XSS payloads, in HTML and in every Markdown form of a link.
  const PAYLOADS = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
    '<scr<script>ipt>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<details open ontoggle=alert(1)>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form action=javascript:alert(1)><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:/">',
    '<!-- --><script>alert(1)</script>',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x]( javascript:alert(1) )',
    '[x](<javascript:alert(1)>)',
    '[x](jav&#x09;ascript:alert(1))',
    '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x](java\u200bscript:alert(1))',
    '[x](\u202ejavascript:alert(1))',
    '[x](\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(1))',
    '[x](\u0001javascript:alert(1))',
    '[x](/\\evil.example)',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox(1))',
    '[x][r]\n\n[r]: javascript:alert(1)',
    '[r]\n\n[r]: <javascript:alert(1)> "t"',
    '<javascript:alert(1)>',
    '<http://e.example/"><script>alert(1)</script>>',
    'http://e.example/"onmouseover="alert(1)',
    '[x](https://e.example "\\" onmouseover=\\"alert(1)")',
    '![x](javascript:alert(1))',
    '![x" onerror="alert(1)](https://e.example/a.png)',
    '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    '[![x](javascript:alert(1))](javascript:alert(1))',
    '[[x](javascript:alert(1))](https://e.example)',
    '[a [b](javascript:alert(1)) c](https://e.example)',
    '```"><script>alert(1)</script>\nx\n```',
    '| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| <img src=x onerror=alert(1)> | y |',
    `@person:${ANN}<script>alert(1)</script>`,
  ];

  it('has enough payloads', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(PAYLOADS)('renders %j safely', (payload) => {
    expectSafe(renderMarkdown(payload, NAMES));
  });

  it.each(PAYLOADS.filter((payload) => /javascript|vbscript|data:|\/\\/.test(payload) && !payload.includes('e.example')))(
    'makes no link of %j',
    (payload) => {
      expect(links(renderMarkdown(payload, NAMES))).toEqual([]);
    },
  );

  it('renders 10,000 `>` quickly, cut off at the nesting limit', () => {
    const { html, ms } = timed(() => renderMarkdown('>'.repeat(10_000) + ' deep'));
    expect(ms).toBeLessThan(200);
    expect(html.match(/<blockquote>/g)?.length).toBeLessThanOrEqual(20);
    expectSafe(html);
  });

  it('renders 5,000 nested lists quickly, cut off at the nesting limit', () => {
    const source = Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i)}- item`)
      .join('\n')
      .slice(0, MAX_MARKDOWN_LENGTH);
    const { html, ms } = timed(() => renderMarkdown(source));
    expect(ms).toBeLessThan(200);
    expect(html.match(/<ul>/g)?.length).toBeLessThanOrEqual(20);
    expectSafe(html);
  });

  const fill = (unit: string): string => unit.repeat(Math.ceil(MAX_MARKDOWN_LENGTH / unit.length)).slice(0, MAX_MARKDOWN_LENGTH);
  const PATHOLOGICAL: [string, string][] = [
    ['>', fill('>')],
    ['> ', fill('> ')],
    ['*', fill('*')],
    ['* ', fill('* ')],
    ['[', fill('[')],
    [']', fill(']')],
    ['![', fill('![')],
    ['[a](', fill('[a](')],
    ['![a](', fill('![a](')],
    ['*a', fill('*a')],
    ['_a', fill('_a')],
    ['*a ', fill('*a ')],
    ['~~a', fill('~~a')],
    ['**_~~`', fill('**_~~`')],
    ['`', fill('`')],
    ['` of growing length', Array.from({ length: 200 }, (_, i) => `${'`'.repeat(i + 1)}a`).join('')],
    ['<', fill('<')],
    ['<a ', fill('<a ')],
    ['<http://', fill('<http://')],
    ['\\', fill('\\')],
    ['&#', fill('&#')],
    ['1. ', fill('1. ')],
    ['> - ', fill('> - ')],
    ['[ then ]', fill('[').slice(0, 19_000) + fill(']').slice(0, 1000)],
    ['reference definitions', fill('[a]: /b\n')],
    ['reference uses', `[a]: /b\n\n${fill('[a]')}`],
    ['table rows', `a|b\n-|-\n${fill('a|b\n')}`],
    ['table columns', `${fill('|a').slice(0, 9000)}\n${fill('|-').slice(0, 9000)}\n`],
    ['setext headings', fill('a\n=\n')],
    ['hard breaks', fill('a  \n')],
    ['url with brackets', `http://a.example/${fill('[(')}`],
    ['many urls', fill('http://a.b ')],
    ['e-mail-like', fill('a@b.')],
    ['mentions', fill(`@person:${ANN} `)],
  ];

  it.each(PATHOLOGICAL)('renders a run of %j in under 200 ms', (_name, whole) => {
    const source = whole.slice(0, MAX_MARKDOWN_LENGTH);
    const { html, ms } = timed(() => renderMarkdown(source, NAMES));
    expect(ms).toBeLessThan(200);
    expectSafe(html);
  });

  it('refuses input over the length limit', () => {
    expect(() => renderMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH))).not.toThrow();
    expect(() => renderMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH + 1))).toThrow(/^too long/);
    expect(MAX_MARKDOWN_LENGTH).toBe(20000);
  });
});
