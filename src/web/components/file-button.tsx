// A file input styled as a button: choosing a file hands it over at once (and clears the input, so the same file can be picked again).
import { useId, useRef, type ChangeEvent, type ReactNode } from 'react';

export function FileButton({
  accept,
  busy,
  onFile,
  children,
}: {
  accept: string;
  busy: boolean;
  onFile: (file: File) => void;
  children: ReactNode;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (input.current) input.current.value = '';
    if (file) onFile(file);
  };
  return (
    <span className="file-button">
      <input ref={input} id={id} type="file" className="visually-hidden" accept={accept} onChange={onChange} disabled={busy} />
      <label htmlFor={id} className={`button button-small${busy ? ' is-disabled' : ''}`}>
        {children}
      </label>
    </span>
  );
}
