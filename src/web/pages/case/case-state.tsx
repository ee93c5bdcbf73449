// A case's state: the badge (the ISO/IEC 30111 phase in words) and the stepper of the five phases.
import type { CaseState } from '../../api/cases.ts';
import { casePhases, caseStateLabels } from './case-labels.ts';

/** "Verified" as a pill, with the phase in words on hover and for screen readers, or written below it (`withPhase`). */
export function CaseStateBadge({ state, withPhase = false }: { state: CaseState; withPhase?: boolean }) {
  const info = caseStateLabels[state];
  if (withPhase) {
    return (
      <>
        <span className={info.pill}>{info.label}</span>
        <span className="case-state-phase">{info.phase}</span>
      </>
    );
  }
  return (
    <span className={info.pill} title={info.phase}>
      {info.label}
      <span className="visually-hidden">: {info.phase}</span>
    </span>
  );
}

/**
 * The five phases in order, the current one highlighted (aria-current="step") and the earlier ones marked done.
 * A closed case shows the phase it was closed in, when known.
 */
export function CaseStepper({ state, closedIn }: { state: CaseState; closedIn?: CaseState | null }) {
  const current = state === 'closed' ? (closedIn ?? null) : state;
  const index = current ? casePhases.indexOf(current) : -1;
  return (
    <ol className={`case-stepper${state === 'closed' ? ' is-closed' : ''}`} aria-label="ISO/IEC 30111 phases">
      {casePhases.map((phase, i) => {
        const info = caseStateLabels[phase];
        const where = i < index ? 'is-done' : i === index ? 'is-current' : 'is-todo';
        return (
          <li key={phase} className={`case-step ${where}`} aria-current={i === index && state !== 'closed' ? 'step' : undefined}>
            <span className="case-step-mark" aria-hidden="true">
              {i < index ? '✓' : i + 1}
            </span>
            <span className="case-step-text">
              <span className="case-step-label">{info.label}</span>
              <span className="case-step-phase">{info.phase}</span>
            </span>
            {i < index ? <span className="visually-hidden"> (done)</span> : null}
            {i === index ? (
              <span className="visually-hidden">{state === 'closed' ? ' (closed in this phase)' : ' (current phase)'}</span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
