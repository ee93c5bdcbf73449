// A text input with a list of suggestions (WAI-ARIA combobox with a listbox): arrow keys move, Enter or a click
// chooses, Escape closes; whatever is typed is always kept, a suggestion is only a shortcut.
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

/** One suggestion: what is shown, and a second line. */
export interface SuggestionOption {
  key: string;
  label: string;
  detail?: string;
}

export function SuggestionCombobox({
  label,
  hint,
  error,
  value,
  options,
  loading,
  onType,
  onPick,
  onBlur,
  name,
  maxLength,
  required,
  autoComplete = 'off',
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  value: string;
  options: readonly SuggestionOption[];
  loading?: boolean;
  onType: (text: string) => void;
  onPick: (option: SuggestionOption) => void;
  onBlur?: () => void;
  name: string;
  maxLength?: number;
  required?: boolean;
  autoComplete?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const shown = open && options.length > 0;
  const activeOption = shown && active >= 0 ? options[active] : undefined;

  const pick = (option: SuggestionOption) => {
    onPick(option);
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + options.length + (current < 0 && step < 0 ? 1 : 0)) % options.length);
    } else if (event.key === 'Enter' && activeOption) {
      event.preventDefault();
      pick(activeOption);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field combobox${error ? ' report-field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="combobox-box">
        <input
          id={id}
          name={name}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={activeOption ? `${id}-opt-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids || undefined}
          autoComplete={autoComplete}
          spellCheck={false}
          maxLength={maxLength}
          required={required}
          value={value}
          onChange={(event) => {
            onType(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
            onBlur?.();
          }}
          onKeyDown={onKeyDown}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={typeof label === 'string' ? `${label}: suggestions` : 'Suggestions'}
          className="combobox-list"
          hidden={!shown}
        >
          {options.map((option, i) => (
            <li
              key={option.key}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              // Keeps the focus in the input, so the click below chooses before the list closes.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(option)}
            >
              <span className="combobox-label">{option.label}</span>
              {option.detail ? <span className="combobox-detail">{option.detail}</span> : null}
            </li>
          ))}
        </ul>
      </div>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {loading ? 'Looking in the member directory…' : hint}
        </p>
      ) : null}
      {error ? (
        <p className="report-field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
