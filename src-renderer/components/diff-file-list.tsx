/** Every changed file, always all in the DOM (a few hundred entries); clicking one scrolls to it. */
import { memo } from 'react';
import type { DiffFile } from '../../src-shared/protocol/api-review';
import { FileFacts, FilePath, StatusLetter } from './diff-file-meta';

export const DiffFileList = memo(function DiffFileList(props: { files: readonly DiffFile[]; onPick: (index: number) => void }) {
  return (
    <nav className="diff-file-list" aria-label="Changed files">
      {props.files.map((file, i) => (
        <button
          type="button"
          key={file.path}
          className="diff-file-entry"
          data-testid="diff-file"
          data-path={file.path}
          onClick={() => props.onPick(i)}
        >
          <StatusLetter status={file.status} />
          <FilePath file={file} />
          <FileFacts file={file} />
        </button>
      ))}
    </nav>
  );
});
