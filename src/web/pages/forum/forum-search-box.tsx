// The forum's search box: sends the words to /forum/search?q=.
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';

/** A search field and button; `initial` fills it (on the results page). */
export function ForumSearchBox({ initial = '', label = 'Search the forum' }: { initial?: string; label?: string }) {
  const navigate = useNavigate();
  const id = useId();
  const [q, setQ] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim().length >= 2) void navigate(`/forum/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <form className="form-inline forum-search" role="search" onSubmit={submit} aria-label="Search the forum">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} type="search" name="q" minLength={2} maxLength={200} value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={q.trim().length < 2}>
        Search
      </button>
    </form>
  );
}
