import { describe, expect, it } from 'vitest';
import { ACME, ANN, BOB, NAMES, NOBODY, REL, expectSafe } from '../../../test/support/markdown-checks.ts';
import { extractMentions, renderMarkdown } from './markdown.ts';

// ---------------------------------------------------------------------------------------------------------------------

describe('the output checker used below', () => {
  it.each([
    ['a forbidden tag', '<p><img src="https://e.example/a.png"></p>'],
    ['an event handler', '<p onclick="alert(1)">x</p>'],
    ['a javascript: link', `<a href="javascript:alert(1)" ${REL}>x</a>`],
    ['an entity-encoded javascript: link', `<a href="&#x6A;avascript:alert(1)" ${REL}>x</a>`],
    ['a protocol-relative link', `<a href="//evil.example" ${REL}>x</a>`],
    ['a link without rel', '<a href="https://e.example">x</a>'],
    ['an unescaped <', '<p>a < b</p>'],
    ['an unquoted attribute', '<a href=https://e.example>x</a>'],
    ['a style', '<p style="background:url(x)">x</p>'],
  ])('rejects %s', (_name, html) => {
    expect(() => expectSafe(html)).toThrow();
  });

  it('accepts what the renderer writes', () => {
    expect(() => expectSafe(`<p><a href="https://e.example/?a=1&amp;b=2" ${REL} target="_blank">x</a> &lt;b&gt;</p>\n`)).not.toThrow();
  });
});

describe('renderMarkdown: ordinary Markdown', () => {
  it('renders headings, emphasis, strikethrough and lists', () => {
    expect(renderMarkdown('# Title\n\n## Sub\n\n*em* **strong** ~~gone~~\n\n- a\n- b\n\n3. x\n4. y')).toBe(
      '<h1>Title</h1>\n<h2>Sub</h2>\n<p><em>em</em> <strong>strong</strong> <s>gone</s></p>\n' +
        '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>\n',
    );
  });

  it('turns single newlines into line breaks', () => {
    expect(renderMarkdown('line one\nline two')).toBe('<p>line one<br>\nline two</p>\n');
  });

  it('renders block quotes, rules and inline code', () => {
    expect(renderMarkdown('> quoted `code`\n\n---')).toBe('<blockquote>\n<p>quoted <code>code</code></p>\n</blockquote>\n<hr>\n');
  });

  it('shows HTML inside code blocks and spans escaped', () => {
    expect(renderMarkdown('```html\n<script>alert(1)</script>\n```')).toBe(
      '<pre><code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n',
    );
    expect(renderMarkdown('    <img src=x onerror=alert(1)>')).toBe('<pre><code>&lt;img src=x onerror=alert(1)&gt;\n</code></pre>\n');
    expect(renderMarkdown('`<b>bold</b>`')).toBe('<p><code>&lt;b&gt;bold&lt;/b&gt;</code></p>\n');
  });

  it('gives a fenced block a language class only for a plain language name', () => {
    expect(renderMarkdown('```"><script>alert(1)</script>\nx\n```')).toBe('<pre><code>x\n</code></pre>\n');
    expect(renderMarkdown('```c++\nx\n```')).toBe('<pre><code class="language-c++">x\n</code></pre>\n');
  });

  it('shows raw HTML as text', () => {
    expect(renderMarkdown('<b onclick="x()">hi</b>')).toBe('<p>&lt;b onclick=&quot;x()&quot;&gt;hi&lt;/b&gt;</p>\n');
    expect(renderMarkdown('<div>\nblock\n</div>')).toBe('<p>&lt;div&gt;<br>\nblock<br>\n&lt;/div&gt;</p>\n');
  });

  it('renders tables', () => {
    const html = renderMarkdown('| Device | CVSS |\n|:--|--:|\n| Pump | 9.8 |');
    expect(html).toBe(
      '<table>\n<thead>\n<tr>\n<th style="text-align:left">Device</th>\n<th style="text-align:right">CVSS</th>\n</tr>\n</thead>\n' +
        '<tbody>\n<tr>\n<td style="text-align:left">Pump</td>\n<td style="text-align:right">9.8</td>\n</tr>\n</tbody>\n</table>\n',
    );
    expectSafe(html);
  });

  it('keeps ordinary nesting (lists in lists, quotes in lists)', () => {
    const html = renderMarkdown('- a\n  - b\n    - c\n      > quote\n      > - d');
    expect(html).toContain('<li>c\n<blockquote>\n<p>quote</p>\n<ul>\n<li>d</li>');
  });
});

describe('renderMarkdown: links', () => {
  it('opens web links in a new tab, with rel', () => {
    expect(renderMarkdown('[advisory](https://www.cisa.gov/a "CISA")')).toBe(
      `<p><a href="https://www.cisa.gov/a" title="CISA" ${REL} target="_blank">advisory</a></p>\n`,
    );
    expect(renderMarkdown('see http://example.com/x?a=1&b=2')).toBe(
      `<p>see <a href="http://example.com/x?a=1&amp;b=2" ${REL} target="_blank">http://example.com/x?a=1&amp;b=2</a></p>\n`,
    );
    expect(renderMarkdown('<https://example.com>')).toBe(
      `<p><a href="https://example.com" ${REL} target="_blank">https://example.com</a></p>\n`,
    );
  });

  it('keeps links on this site and mail links in the same tab', () => {
    expect(renderMarkdown('[thread](/forum/threads/42)')).toBe(`<p><a href="/forum/threads/42" ${REL}>thread</a></p>\n`);
    expect(renderMarkdown('[mail](mailto:psirt@example.com)')).toBe(`<p><a href="mailto:psirt@example.com" ${REL}>mail</a></p>\n`);
    expect(renderMarkdown('psirt@example.com')).toBe(`<p><a href="mailto:psirt@example.com" ${REL}>psirt@example.com</a></p>\n`);
  });

  it('resolves reference links', () => {
    expect(renderMarkdown('[NVD][nvd]\n\n[nvd]: https://nvd.nist.gov')).toBe(
      `<p><a href="https://nvd.nist.gov" ${REL} target="_blank">NVD</a></p>\n`,
    );
  });

  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['upper-case javascript:', '[click](JaVaScRiPt:alert(1))'],
    ['javascript: in angle brackets', '[click](<javascript:alert(1)>)'],
    ['tab entity inside the scheme', '[click](jav&#x09;ascript:alert(1))'],
    ['decimal entity', '[click](&#106;avascript:alert(1))'],
    ['named colon entity', '[click](javascript&colon;alert(1))'],
    ['data:', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['file:', '[click](file:///etc/passwd)'],
    ['ftp:', '[click](ftp://example.com/x)'],
    ['protocol-relative', '[click](//evil.example/x)'],
    ['protocol-relative with a backslash', '[click](/\\evil.example/x)'],
    ['protocol-relative with an encoded backslash', '[click](/%5Cevil.example/x)'],
    ['a relative path not starting with /', '[click](evil.html)'],
    ['a fragment', '[click](#top)'],
    ['reference to javascript:', '[click][x]\n\n[x]: javascript:alert(1)'],
  ])('renders a link to %s as its text', (_name, source) => {
    expect(renderMarkdown(source)).toBe('<p>click</p>\n');
  });

  it('renders disallowed autolinks as their text', () => {
    expect(renderMarkdown('<javascript:alert(1)>')).toBe('<p>javascript:alert(1)</p>\n');
    expect(renderMarkdown('go to //evil.example/x or ftp://evil.example')).toBe('<p>go to //evil.example/x or ftp://evil.example</p>\n');
  });

  it('cannot be broken out of with quotes', () => {
    const html = renderMarkdown('http://e.example/"onmouseover="alert(1) [x](https://e.example "t\\" onclick=\\"alert(1)")');
    expectSafe(html);
    expect(html).toContain('href="http://e.example/%22onmouseover=%22alert(1)"');
    expect(html).toContain('title="t&quot; onclick=&quot;alert(1)"');
  });
});

describe('renderMarkdown: images', () => {
  it('shows an image as its alt text and a link to it, never loading it', () => {
    expect(renderMarkdown('![network *diagram*](https://example.com/d.png)')).toBe(
      `<p>network diagram (image: <a href="https://example.com/d.png" ${REL} target="_blank">https://example.com/d.png</a>)</p>\n`,
    );
    expect(renderMarkdown('![](/files/1.png)')).toBe(`<p>(image: <a href="/files/1.png" ${REL}>/files/1.png</a>)</p>\n`);
  });

  it('shows only the alt text when the image URL is not allowed', () => {
    expect(renderMarkdown('![pwned](javascript:alert(1))')).toBe('<p>pwned</p>\n');
    expect(renderMarkdown('![pixel](data:image/png;base64,iVBORw0KGgo=)')).toBe('<p>pixel</p>\n');
    expect(renderMarkdown('![tracker](//evil.example/t.gif)')).toBe('<p>tracker</p>\n');
  });

  it('does not put a link inside a link', () => {
    expect(renderMarkdown('[![logo](https://e.example/l.png)](https://e.example)')).toBe(
      `<p><a href="https://e.example" ${REL} target="_blank">logo (image: https://e.example/l.png)</a></p>\n`,
    );
  });

  it('escapes the alt text', () => {
    const html = renderMarkdown('![x" onerror="alert(1)](https://e.example/a.png)');
    expectSafe(html);
    expect(html).toContain('x&quot; onerror=&quot;alert(1) (image: ');
  });
});

describe('renderMarkdown: mentions', () => {
  it('shows a known person or organisation by name, escaped', () => {
    expect(renderMarkdown(`Thanks @person:${ANN} and @org:${ACME}!`, NAMES)).toBe(
      `<p>Thanks <span class="mention" data-person="${ANN}">@Ann &lt;b&gt;O'Neil&lt;/b&gt; &amp; &quot;Co&quot;</span>` +
        ` and <span class="mention" data-org="${ACME}">@Acme &lt;script&gt;alert(1)&lt;/script&gt;</span>!</p>\n`,
    );
  });

  it('matches the id case-insensitively and writes it lower-case', () => {
    expect(renderMarkdown(`@person:${BOB.toUpperCase()}`, NAMES)).toBe(`<p><span class="mention" data-person="${BOB}">@Bob</span></p>\n`);
  });

  it('shows a neutral name for an unknown id, and when no names are given', () => {
    expect(renderMarkdown(`@person:${NOBODY} @org:${NOBODY}`, NAMES)).toBe('<p>@someone @an organisation</p>\n');
    expect(renderMarkdown(`@person:${ANN}`)).toBe('<p>@someone</p>\n');
    // A person's id is not looked up among the organisations.
    expect(renderMarkdown(`@org:${ANN}`, NAMES)).toBe('<p>@an organisation</p>\n');
  });

  it('leaves mentions in code alone', () => {
    expect(renderMarkdown(`\`@person:${ANN}\`\n\n\`\`\`\n@person:${ANN}\n\`\`\``, NAMES)).toBe(
      `<p><code>@person:${ANN}</code></p>\n<pre><code>@person:${ANN}\n</code></pre>\n`,
    );
  });

  it('replaces mentions in link text and emphasis, but not in URLs or glued to words', () => {
    expect(renderMarkdown(`**@person:${BOB}** [@person:${BOB}](/people)`, NAMES)).toBe(
      `<p><strong><span class="mention" data-person="${BOB}">@Bob</span></strong> ` +
        `<a href="/people" ${REL}><span class="mention" data-person="${BOB}">@Bob</span></a></p>\n`,
    );
    const html = renderMarkdown(`https://e.example/@person:${BOB} mail@person:${BOB} @person:${BOB}x`, NAMES);
    expect(html).not.toContain('class="mention"');
  });
});

describe('extractMentions', () => {
  it('lists people and organisations once each, lower-case, in order of first appearance', () => {
    const source = `@person:${BOB} @org:${ACME} and @person:${ANN.toUpperCase()}, again @person:${BOB} @org:${NOBODY} @org:${ACME}`;
    expect(extractMentions(source)).toEqual({ personIds: [BOB, ANN], orgIds: [ACME, NOBODY] });
  });

  it('finds mentions in emphasis, quotes, lists, tables and link text', () => {
    const source = `> **@person:${ANN}**\n\n- [@org:${ACME}](/x)\n\n| a |\n|---|\n| @person:${BOB} |`;
    expect(extractMentions(source)).toEqual({ personIds: [ANN, BOB], orgIds: [ACME] });
  });

  it('ignores code spans, fenced and indented code', () => {
    const source = `\`@person:${ANN}\`\n\n\`\`\`\n@person:${BOB}\n\`\`\`\n\n    @org:${ACME}\n\nbut @org:${NOBODY}`;
    expect(extractMentions(source)).toEqual({ personIds: [], orgIds: [NOBODY] });
  });

  it('ignores look-alikes: in URLs, glued to words, or with a malformed id', () => {
    const source = `https://e.example/@person:${ANN} mail@person:${ANN} @person:${ANN}0 @person:not-a-uuid @people:${ANN}`;
    expect(extractMentions(source)).toEqual({ personIds: [], orgIds: [] });
  });

  it('finds nothing in empty text', () => {
    expect(extractMentions('')).toEqual({ personIds: [], orgIds: [] });
  });
});
