// The Markdown box of the forum's composers, with @mentions: typing @ and a few letters lists matching people and
// organisations; choosing one (click, Enter or Tab) puts `@person:<uuid>` or `@org:<uuid>` into the text, which the
// posted message shows as @Name. Arrow keys move in the list, Escape closes it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { orgKindLabels } from '../../../shared/vocabulary.ts';
import { useMentionables } from '../../api/forum.ts';
import { useDebounced } from '../../lib/use-debounced.ts';

interface Option {
  key: string;
  token: string;
  name: string;
  detail: string;
}

/** The "@letters" just before the caret, if the person is typing a mention: where it starts and what it says. */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[\s(>])@([^\s@:()[\]]{1,40})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

export function MentionTextarea({
  label,
  hint,
  value,
  onChange,
  rows = 5,
  maxLength,
  name,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (text: string) => void;
  rows?: number;
  maxLength?: number;
  name: string;
}) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [typing, setTyping] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [named, setNamed] = useState<Record<string, string>>({});
  const pendingCaret = useRef<number | null>(null);
  const query = useDebounced(typing?.query ?? '', 200);
  const found = useMentionables(typing ? query : '');
  const options: Option[] = typing
    ? [
        ...(found.data?.people ?? []).map((p) => ({ key: `p-${p.id}`, token: `@person:${p.id}`, name: p.name, detail: p.orgName })),
        ...(found.data?.orgs ?? []).map((o) => ({ key: `o-${o.id}`, token: `@org:${o.id}`, name: o.name, detail: orgKindLabels[o.kind] })),
      ]
    : [];
  const open = typing !== null && options.length > 0;
  const current = open ? options[Math.min(active, options.length - 1)] : undefined;

  useEffect(() => {
    if (pendingCaret.current === null || !area.current) return;
    area.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [value]);

  const look = (text: string, caret: number) => {
    setTyping(mentionAtCaret(text, caret));
    setActive(0);
  };
  const choose = (option: Option) => {
    if (!typing) return;
    const caret = typing.start + 1 + typing.query.length;
    const inserted = `${option.token} `;
    pendingCaret.current = typing.start + inserted.length;
    onChange(value.slice(0, typing.start) + inserted + value.slice(caret));
    setNamed((n) => ({ ...n, [option.token]: option.name }));
    setTyping(null);
    area.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && current) {
      event.preventDefault();
      choose(current);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setTyping(null);
    }
  };
  const mentioned = Object.entries(named).filter(([token]) => value.includes(token));
  return (
    <div className="field mention-field">
      <label htmlFor={id}>{label}</label>
      <div className="combobox-box">
        <textarea
          ref={area}
          id={id}
          name={name}
          rows={rows}
          maxLength={maxLength}
          value={value}
          aria-describedby={hint ? `${id}-hint` : undefined}
          aria-autocomplete="list"
          aria-controls={`${id}-list`}
          aria-activedescendant={current ? `${id}-${current.key}` : undefined}
          onChange={(e) => {
            onChange(e.target.value);
            look(e.target.value, e.target.selectionStart);
          }}
          onClick={(e) => look(e.currentTarget.value, e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setTyping(null)}
        />
        <ul id={`${id}-list`} role="listbox" aria-label="People and organisations to mention" className="combobox-list" hidden={!open}>
          {options.map((option) => (
            <li
              key={option.key}
              id={`${id}-${option.key}`}
              role="option"
              aria-selected={option === current}
              className={option === current ? 'is-active' : undefined}
              // Keeps the focus in the text, so the click chooses before the list closes.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(option)}
            >
              <span className="combobox-label">@{option.name}</span>
              <span className="combobox-detail">{option.detail}</span>
            </li>
          ))}
        </ul>
      </div>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {mentioned.length ? (
        <p className="hint mention-list">
          Mentioning {mentioned.map(([, who]) => `@${who}`).join(', ')}: they are notified if they may read this.
        </p>
      ) : null}
    </div>
  );
}
