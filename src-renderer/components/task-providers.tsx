/**
 * Which provider a new task's agents use: one for all (default: the default provider), or, with
 * "Vary per agent", one per agent — best-of-N across models. Hidden when no provider is configured.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ProviderInfo } from '../../src-shared/protocol/api-agent';
import { useAppStore } from '../stores/app-store';

export interface ProviderChoice {
  providers: ProviderInfo[];
  defaultLabel: string;
  single: string;
  setSingle: (label: string) => void;
  vary: boolean;
  setVary: (vary: boolean) => void;
  perAgent: (index: number) => string;
  setPerAgent: (index: number, label: string) => void;
  /** What task.run gets; undefined = the default provider. */
  labels: (agents: number) => string[] | undefined;
}

// One empty list, so the store selector's result stays equal while app info is loading.
const NO_PROVIDERS: ProviderInfo[] = [];

export function useProviderChoice(): ProviderChoice {
  const { providers, defaultLabel } = useAppStore(
    useShallow((s) => ({ providers: s.appInfo?.providers ?? NO_PROVIDERS, defaultLabel: s.appInfo?.providerLabel ?? '' })),
  );
  const [chosen, setSingle] = useState<string | null>(null);
  const [vary, setVary] = useState(false);
  const [perAgentChosen, setPerAgentChosen] = useState<Record<number, string>>({});
  const known = (label: string | null | undefined) => (label && providers.some((p) => p.label === label) ? label : null);
  const single = known(chosen) ?? known(defaultLabel) ?? providers[0]?.label ?? '';
  const perAgent = (index: number) => known(perAgentChosen[index]) ?? single;
  const labels = (agents: number) => {
    if (providers.length === 0) return undefined;
    if (!vary) return [single];
    return Array.from({ length: agents }, (_, i) => perAgent(i));
  };
  const setPerAgent = (index: number, label: string) => setPerAgentChosen((m) => ({ ...m, [index]: label }));
  return { providers, defaultLabel, single, setSingle, vary, setVary, perAgent, setPerAgent, labels };
}

const MAX_SHOWN = 16;

export function TaskProviders(props: { choice: ProviderChoice; agents: number }) {
  const { choice } = props;
  if (choice.providers.length === 0) return null;
  const count = Math.min(Math.max(Number.isInteger(props.agents) ? props.agents : 1, 1), MAX_SHOWN);
  return (
    <div className="task-providers">
      <label className="field-inline">
        <span>Provider</span>
        {!choice.vary && (
          <ProviderSelect testId="task-provider-select" providers={choice.providers} value={choice.single} onChange={choice.setSingle} />
        )}
      </label>
      {choice.vary &&
        Array.from({ length: count }, (_, i) => (
          <label key={i} className="field-inline">
            <span className="agent-chip">{i + 1}</span>
            <ProviderSelect testId="task-agent-provider" providers={choice.providers} value={choice.perAgent(i)} onChange={(l) => choice.setPerAgent(i, l)} />
          </label>
        ))}
      <label className="field-inline">
        <input type="checkbox" data-testid="task-vary-providers" checked={choice.vary} onChange={(e) => choice.setVary(e.target.checked)} />
        <span>Vary per agent</span>
      </label>
    </div>
  );
}

function ProviderSelect(props: { testId: string; providers: ProviderInfo[]; value: string; onChange: (label: string) => void }) {
  return (
    <select className="input select" data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {props.providers.map((p) => (
        <option key={p.label} value={p.label}>
          {p.label} · {p.model}
        </option>
      ))}
    </select>
  );
}
