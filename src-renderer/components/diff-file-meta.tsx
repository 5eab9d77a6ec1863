/** The facts about one changed file, shown in the file list and in its header row. */
import type { DiffFile } from '../../src-shared/protocol/api-review';

const STATUS_LETTERS: Record<DiffFile['status'], string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  typechange: 'T',
};

export function StatusLetter(props: { status: DiffFile['status'] }) {
  return (
    <span className="diff-status" data-status={props.status} title={props.status}>
      {STATUS_LETTERS[props.status]}
    </span>
  );
}

/** "100644 → 100755" when the file's mode changed (a new or deleted file has only one mode). */
export function modeChange(file: DiffFile): string | null {
  if (!file.oldMode || !file.newMode || file.oldMode === file.newMode) return null;
  return `${file.oldMode} → ${file.newMode}`;
}

export function FileFacts(props: { file: DiffFile }) {
  const { file } = props;
  const mode = modeChange(file);
  return (
    <span className="diff-facts">
      {file.binary ? (
        <span className="diff-tag">binary</span>
      ) : (
        <>
          <span className="diff-add">+{file.additions}</span>
          <span className="diff-del">−{file.deletions}</span>
        </>
      )}
      {mode && <span className="diff-tag mono">mode {mode}</span>}
    </span>
  );
}

/** The path, with "old → " before it for renames and copies. */
export function FilePath(props: { file: DiffFile }) {
  const { file } = props;
  return (
    <span className="diff-path mono" title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}>
      {file.oldPath && file.oldPath !== file.path && <span className="diff-old-path">{file.oldPath} → </span>}
      <bdi>{file.path}</bdi>
    </span>
  );
}
