import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions } from '../session/session-context';
import { useAppStore } from '../stores/app-store';
import { ErrorMessage } from './error-message';
import { BrowseButton } from './folder-browser';

/** Open a repository: native picker when the client has one, else the server's folders to browse; and always a path field. */
export function RepoPanel() {
  const actions = useActions();
  const { repo, pending, error, canPick } = useAppStore(
    useShallow((s) => ({
      repo: s.repo,
      pending: s.repoPending,
      error: s.repoError,
      canPick: s.appInfo?.canPickFolder ?? false,
    })),
  );
  const [path, setPath] = useState('');
  // Show the path of whatever got opened (initial repo, picker) so the field never lies.
  useEffect(() => {
    if (repo) setPath(repo.path);
  }, [repo]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed) void actions.openRepo(trimmed);
  };
  return (
    <section className="panel">
      <h2 className="panel-title">Repository</h2>
      {repo && (
        <div className="repo-current">
          <span className="repo-current-name">{repo.name}</span>
          <span className="mono muted">
            {repo.currentBranch} @ {repo.headCommit.slice(0, 7)}
          </span>
        </div>
      )}
      <form className="repo-form" onSubmit={onSubmit}>
        <input
          className="input mono"
          data-testid="repo-path-input"
          placeholder="/path/to/repository"
          value={path}
          spellCheck={false}
          onChange={(event) => setPath(event.target.value)}
        />
        <button type="submit" className="button" data-testid="repo-open-button" disabled={pending || !path.trim()}>
          {pending ? 'Opening…' : 'Open'}
        </button>
        {!canPick && (
          <BrowseButton
            host={null}
            start={path.trim()}
            disabled={pending}
            onChoose={(chosen) => {
              setPath(chosen);
              void actions.openRepo(chosen);
            }}
          />
        )}
      </form>
      {canPick && (
        <button type="button" className="button wide" disabled={pending} onClick={() => void actions.pickRepo()}>
          Choose folder…
        </button>
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
