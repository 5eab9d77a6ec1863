import { memo } from 'react';
import type { PlanStep } from '../../src-shared/protocol/items';

const MARKS: Record<PlanStep['status'], string> = { pending: '○', in_progress: '◐', completed: '✓' };

export const PlanBlock = memo(function PlanBlock(props: { explanation: string | null; steps: PlanStep[] }) {
  const done = props.steps.filter((s) => s.status === 'completed').length;
  return (
    <div className="block plan">
      <div className="block-head">
        <span className="block-title">Plan</span>
        <span className="block-meta">
          {done}/{props.steps.length} done
        </span>
      </div>
      {props.explanation && <div className="plan-explanation">{props.explanation}</div>}
      <ul className="plan-steps">
        {props.steps.map((step, i) => (
          <li key={i} className={`plan-step step-${step.status}`}>
            <span className="plan-mark" aria-label={step.status}>
              {MARKS[step.status]}
            </span>
            <span>{step.step}</span>
          </li>
        ))}
      </ul>
    </div>
  );
});
