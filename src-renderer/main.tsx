// The WebSocket was opened before this bundle by early-socket.ts (index.html); createClient adopts it.
import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createActions } from './session/actions';
import { startAttention } from './session/attention-tracker';
import { startHashRouting } from './session/hash-route';
import { Session } from './session/session';
import { SessionProvider } from './session/session-context';
import { createClient } from './transport/create-client';
import './styles.css';

const session = new Session(createClient());
const actions = createActions(session);
startHashRouting();
startAttention();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <SessionProvider session={session} actions={actions}>
      <App />
    </SessionProvider>
  </StrictMode>,
);
