/** One terminal drawn with xterm.js, attached to the fleet's copy of it. */
import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';
import type { TerminalInfo } from '../../src-shared/protocol/api-terminal';
import { useClient } from '../session/session-context';
import { GpuRenderer } from './gpu-renderer';
import { TerminalAttachment } from './terminal-attachment';
import { TerminalStatus, type SearchMatches } from './terminal-status';

/** Decorations make the addon count its matches (onDidChangeResults). */
const SEARCH_DECORATIONS = {
  matchBackground: '#3a4a63',
  activeMatchBackground: '#8a6d1f',
  matchOverviewRuler: '#5b9dff',
  activeMatchColorOverviewRuler: '#e8b85a',
};

const FONT = "ui-monospace, 'SF Mono', 'JetBrains Mono', 'Cascadia Code', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

export function TerminalPane(props: { info: TerminalInfo }) {
  const client = useClient();
  const host = useRef<HTMLDivElement>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const [info, setInfo] = useState(props.info);
  const [problem, setProblem] = useState<string | null>(null);
  const [matches, setMatches] = useState<SearchMatches | null>(null);
  const { terminalId } = props.info;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const term = new Terminal({ fontFamily: FONT, fontSize: 13, cursorBlink: true, allowProposedApi: true, scrollback: 5_000, theme: { background: '#090b0e' } });
    const fit = new FitAddon();
    const search = new SearchAddon();
    const unicode = new Unicode11Addon();
    for (const addon of [fit, search, unicode, new WebLinksAddon()]) term.loadAddon(addon);
    term.unicode.activeVersion = '11';
    term.open(element);
    searchRef.current = search;
    search.onDidChangeResults(({ resultIndex, resultCount }) => setMatches({ index: resultIndex, count: resultCount }));
    const gpu = new GpuRenderer(term);
    if (!document.hidden) gpu.attach();
    const surface = { reset: () => term.reset(), write: (data: string, drawn: () => void) => term.write(data, drawn) };
    const attachment = new TerminalAttachment(client, terminalId, surface, setInfo, setProblem);
    term.onData((data) => attachment.input(data));
    term.onResize(({ cols, rows }) => attachment.resize(cols, rows));
    const refit = () => {
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    const observer = new ResizeObserver(refit);
    observer.observe(element);
    refit();
    attachment.resize(term.cols, term.rows);
    const onVisibility = () => (document.hidden ? gpu.release() : gpu.attach());
    document.addEventListener('visibilitychange', onVisibility);
    term.focus();
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      observer.disconnect();
      attachment.dispose();
      gpu.release();
      searchRef.current = null;
      term.dispose();
    };
  }, [client, terminalId]);

  return (
    <div className={`terminal-pane terminal-${info.kind}`} data-testid="terminal-pane" data-terminal-id={terminalId}>
      <TerminalStatus info={info} problem={problem} matches={matches} onSearch={(text) => searchRef.current?.findNext(text, { decorations: SEARCH_DECORATIONS })} />
      <div className="terminal-surface" ref={host} data-testid="terminal-surface" />
    </div>
  );
}
