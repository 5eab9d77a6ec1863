/**
 * Which shell commands auto-edit runs without asking: those known to only read. The parse is
 * deliberately conservative: anything it does not fully understand (substitutions, subshells,
 * redirections, variables, background jobs) needs approval. A false "needs approval" costs the
 * user one click; a false "read-only" could cost them their files.
 */

/** Commands that only read, whatever their arguments (none of them can write or run another). */
const ALWAYS_READ_ONLY = new Set([
  'ls', 'cat', 'pwd', 'head', 'tail', 'wc', 'grep', 'egrep', 'fgrep', 'echo', 'true', 'false', 'which', 'stat',
  'du', 'df', 'nl', 'cut', 'tr', 'basename', 'dirname', 'realpath', 'readlink', 'cmp', 'diff', 'printenv', 'id',
  'whoami', 'uname', 'cd', 'type', 'printf',
]);
// Not here although they mostly read: `date -s` sets the clock, `tree -o` and `file -C` write files.

/** git subcommands that only read (with the options rejected in GIT_WRITING_OPTIONS). */
const READ_ONLY_GIT = new Set(['status', 'diff', 'log', 'show', 'ls-files', 'rev-parse', 'blame', 'grep', 'describe', 'shortlog']);

/** git options that write a file or run a program even under a reading subcommand. */
const GIT_WRITING_OPTIONS = ['--output', '--ext-diff', '--textconv', '--open-files-in-pager', '-O'];

/** find actions that run a program or write. */
const FIND_WRITING_OPTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls']);

/** rg options that run a program (a preprocessor, a decompressor, a hostname helper). */
const RG_RUNNING_OPTIONS = ['--pre', '--hostname-bin', '-z', '--search-zip'];

/** True when every command of the line is known to only read. */
export function isReadOnlyCommand(line: string): boolean {
  const segments = splitCommandLine(line);
  return segments !== null && segments.length > 0 && segments.every(isReadOnlyWords);
}

/**
 * Splits a command line into the words of each simple command, on `|`, `||`, `&&`, `;` and
 * newlines. Null when the line holds anything else that is not a plain word: redirections,
 * substitutions, variables, globs-free quoting aside, subshells, braces, background jobs,
 * comments, or an unterminated quote.
 */
export function splitCommandLine(line: string): string[][] | null {
  const segments: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endSegment = (): boolean => {
    endWord();
    if (words.length === 0) return false; // `; ls`, `ls &&`, `| x`: not a line we understand
    segments.push(words);
    words = [];
    return true;
  };
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i] ?? '';
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return null;
      const inner = line.slice(i + 1, end);
      // Double quotes still expand $ and backticks, and a backslash may hide the closing quote.
      if (/[$`\\]/.test(inner)) return null;
      word += inner;
      inWord = true;
      i = end;
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '\n' || c === ';') {
      if (!endSegment()) return null;
    } else if (c === '|' || c === '&') {
      const doubled = line[i + 1] === c;
      // A lone `&` runs a background job; `|&` pipes stderr too, still a pipe.
      if (c === '&' && !doubled) return null;
      if (!endSegment()) return null;
      if (doubled || line[i + 1] === '&') i += 1;
    } else if (/[<>()`${}\\#*?[\]!]/.test(c) || (c === '~' && !inWord)) {
      // Redirections, substitutions, subshells, groups, escapes, comments, globs, history, a
      // home directory (`~` expands only at a word's start; HEAD~1 is a plain word): ask.
      return null;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord || words.length > 0) endSegment();
  else if (segments.length > 0) return null; // a trailing operator: `ls |`
  return segments;
}

function isReadOnlyWords(words: readonly string[]): boolean {
  const [name, ...args] = words;
  if (name === undefined) return false;
  // `FOO=bar cmd` could change how cmd behaves (GIT_EXTERNAL_DIFF, PAGER): ask.
  if (name.includes('=')) return false;
  if (ALWAYS_READ_ONLY.has(name)) return true;
  switch (name) {
    case 'git':
      return isReadOnlyGit(args);
    case 'find':
      return !args.some((arg) => FIND_WRITING_OPTIONS.has(arg));
    case 'rg':
      return !args.some((arg) => RG_RUNNING_OPTIONS.some((option) => arg === option || arg.startsWith(`${option}=`)));
    case 'sed':
      return isPrintOnlySed(args);
    case 'sort':
      return !args.some((arg) => arg === '-o' || arg.startsWith('--output') || /^-[a-zA-Z]*o/.test(arg));
    case 'uniq':
      // `uniq in out` writes `out`.
      return args.filter((arg) => !arg.startsWith('-')).length <= 1;
    default:
      return false;
  }
}

function isReadOnlyGit(args: readonly string[]): boolean {
  const [subcommand, ...rest] = args;
  // Options before the subcommand (-c, -C, --exec-path, ...) can change what git runs: ask.
  if (subcommand === undefined || !READ_ONLY_GIT.has(subcommand)) return false;
  return !rest.some((arg) => GIT_WRITING_OPTIONS.some((option) => arg === option || arg.startsWith(`${option}=`) || (option === '-O' && arg.startsWith('-O'))));
}

/** `sed -n '12,40p' file`: Codex's one allowed form; any other script could write (`w`) or run (`e`). */
function isPrintOnlySed(args: readonly string[]): boolean {
  const [flag, script, ...files] = args;
  return flag === '-n' && script !== undefined && /^\d+(,\d+)?p$/.test(script) && files.every((f) => !f.startsWith('-'));
}
