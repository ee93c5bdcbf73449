// The document notes of an advisory, for reading: short facts ("Critical infrastructure sectors") as a list, longer notes
// as sections (notes with the same title merged), the legal disclaimer collapsed.
import { Fragment } from 'react';
import type { AdvisoryNote } from '../../api/advisories.ts';

const SHORT = 160;

const isShort = (n: AdvisoryNote) => n.title !== null && n.text.length <= SHORT && !n.text.includes('\n');

interface Section {
  title: string;
  texts: string[];
  legal: boolean;
}

/** Groups notes: consecutive notes with the same title become one section. */
function sections(notes: AdvisoryNote[]): Section[] {
  const out: Section[] = [];
  for (const note of notes) {
    const legal = note.category === 'legal_disclaimer';
    const title = note.title ?? (legal ? 'Legal notice' : note.category.replaceAll('_', ' '));
    const last = out.at(-1);
    if (last && last.title === title && last.legal === legal) last.texts.push(note.text);
    else out.push({ title, texts: [note.text], legal });
  }
  return out;
}

function SectionView({ section }: { section: Section }) {
  return (
    <div className="note">
      <h3 className="capitalize-first">{section.title}</h3>
      {section.texts.map((text, i) => (
        <p key={i} className="prewrap note-text">
          {text}
        </p>
      ))}
    </div>
  );
}

/** The notes panel; `summary` (already shown as the lead) is not repeated. */
export function AdvisoryNotes({ notes, summary }: { notes: AdvisoryNote[]; summary: string }) {
  const shown = notes.filter((n) => !(n.category === 'summary' && n.text.trim() === summary.trim()));
  const readable = shown.filter((n) => n.category !== 'legal_disclaimer');
  // A title that also heads a long note keeps all its notes together as one section.
  const longTitles = new Set(readable.filter((n) => !isShort(n)).map((n) => n.title));
  const isFact = (n: AdvisoryNote) => isShort(n) && !longTitles.has(n.title);
  const facts = readable.filter(isFact);
  const long = sections(readable.filter((n) => !isFact(n)));
  const legal = sections(shown.filter((n) => n.category === 'legal_disclaimer'));
  if (shown.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      {facts.length ? (
        <dl className="details">
          {facts.map((n, i) => (
            <Fragment key={i}>
              <dt>{n.title}</dt>
              <dd>{n.text}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      {long.map((section, i) => (
        <SectionView key={i} section={section} />
      ))}
      {legal.map((section, i) => (
        <details key={`legal-${i}`} className="legal-note">
          <summary>{section.title}</summary>
          {section.texts.map((text, k) => (
            <p key={k} className="prewrap note-text small">
              {text}
            </p>
          ))}
        </details>
      ))}
    </section>
  );
}
