/** Settings › Appearance: the theme, and where a thread shows its Changes. Kept in this browser. */
import { THEME_CHOICES, type ThemeChoice } from '../lib/theme';
import { useUiPrefs, type ThreadLayout } from '../stores/ui-prefs-store';

const THEME_LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const LAYOUTS: Array<{ id: ThreadLayout; label: string }> = [
  { id: 'tabs', label: 'In a tab' },
  { id: 'side', label: 'Beside the transcript' },
];

export function AppearanceSettings() {
  const theme = useUiPrefs((s) => s.theme);
  const layout = useUiPrefs((s) => s.threadLayout);
  return (
    <section className="settings-section" data-testid="appearance-settings">
      <h3 className="settings-heading">Appearance</h3>
      <div className="field-inline">
        <span id="theme-label">Theme</span>
        <div className="segmented" role="radiogroup" aria-labelledby="theme-label">
          {THEME_CHOICES.map((choice) => (
            <button
              key={choice}
              type="button"
              role="radio"
              aria-checked={theme === choice}
              className="segment"
              data-testid={`theme-${choice}`}
              onClick={() => useUiPrefs.getState().setTheme(choice)}
            >
              {THEME_LABELS[choice]}
            </button>
          ))}
        </div>
        {theme === 'system' && <span className="hint">Follows your system’s light or dark setting.</span>}
      </div>
      <div className="field-inline">
        <span id="layout-label">A thread’s Changes</span>
        <div className="segmented" role="radiogroup" aria-labelledby="layout-label">
          {LAYOUTS.map((option) => (
            <button
              key={option.id}
              type="button"
              role="radio"
              aria-checked={layout === option.id}
              className="segment"
              data-testid={`layout-${option.id}`}
              onClick={() => useUiPrefs.getState().setThreadLayout(option.id)}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
    </section>
  );
}
