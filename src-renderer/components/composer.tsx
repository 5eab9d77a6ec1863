import { memo, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ThreadStatus } from '../../src-shared/domain/thread';
import type { ApiError } from '../../src-shared/protocol/api';
import type { SendMode } from '../session/actions';
import { hasOpenTurn } from '../lib/control-rules';
import { useActions } from '../session/session-context';
import { ErrorMessage } from './error-message';

/**
 * Talk to one agent. While a turn is open (even paused), Send steers it and Queue holds the
 * message for the next turn; otherwise Send starts a new turn. Enter sends, Shift+Enter adds a line.
 */
export const Composer = memo(function Composer(props: { threadId: string; status: ThreadStatus }) {
  const composer = useComposer(props.threadId);
  const working = hasOpenTurn(props.status);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void composer.send('steer');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void composer.send('steer');
    }
  };
  return (
    <form className="composer" onSubmit={onSubmit}>
      {composer.error && <ErrorMessage error={composer.error} />}
      <textarea
        data-testid="message-input"
        className="composer-input"
        rows={2}
        value={composer.text}
        placeholder={placeholder(props.status)}
        onChange={(event) => composer.setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-bar">
        <span className="hint">
          <kbd>Enter</kbd> {working ? 'steer' : 'send'} · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
        </span>
        <ComposerButtons composer={composer} working={working} />
      </div>
    </form>
  );
});

function placeholder(status: ThreadStatus): string {
  if (status === 'paused') return 'Paused — steer now, delivered at its next step once resumed…';
  if (hasOpenTurn(status)) return 'Steer this agent — delivered at its next step…';
  return 'Send a follow-up to this agent…';
}

interface ComposerState {
  text: string;
  setText: (text: string) => void;
  busy: boolean;
  error: ApiError | null;
  send: (mode: SendMode) => Promise<void>;
}

function useComposer(threadId: string): ComposerState {
  const actions = useActions();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const send = async (mode: SendMode) => {
    const message = text.trim();
    if (!message || busy) return;
    setBusy(true);
    const failure = await actions.send(threadId, message, mode);
    setBusy(false);
    setError(failure);
    if (!failure) setText('');
  };
  return { text, setText, busy, error, send };
}

function ComposerButtons(props: { composer: ComposerState; working: boolean }) {
  const { composer, working } = props;
  const empty = !composer.text.trim();
  return (
    <span className="composer-actions">
      {working && (
        <button
          type="button"
          className="button"
          data-testid="queue-button"
          disabled={composer.busy || empty}
          title="Deliver when the current turn ends"
          onClick={() => void composer.send('queue')}
        >
          Queue
        </button>
      )}
      <button type="submit" className="button primary" data-testid="send-button" disabled={composer.busy || empty}>
        {working ? 'Steer' : 'Send'}
      </button>
    </span>
  );
}
