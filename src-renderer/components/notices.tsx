import { useAppStore } from '../stores/app-store';

/** Background failures (not tied to a control) as dismissable toasts. */
export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismissNotice);
  if (!notices.length) return null;
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className="notice" data-testid="notice" role="alert">
          <span>{notice.message}</span>
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
