// Pure configuration logic of the extension (no `vscode` import, so `npm test` runs it in node):
// which command starts the server, and which settings it receives.

export interface ServerCommand {
  command: string;
  args: string[];
}

export interface ServerSettings {
  dialects?: string[];
  select?: string[];
  ignore?: string[];
  debounceMs?: number;
}

/** What `ormlens.*` and `python.*` settings hold (`undefined` when unset). */
export interface RawSettings {
  serverPath?: unknown;
  pythonInterpreter?: unknown; // from the Python extension's API or `python.defaultInterpreterPath`
  dialects?: unknown;
  select?: unknown;
  ignore?: unknown;
  debounceMs?: unknown;
}

const PYTHON_NAME = /^(python|pypy)(\d+(\.\d+)*)?(\.exe)?$/i;

/** True for an interpreter path such as `/venv/bin/python3.11` or `C:\Python311\python.exe`. */
export function isPythonInterpreter(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? path;
  return PYTHON_NAME.test(base);
}

/**
 * The command that starts the language server.
 *
 * `ormlens.serverPath` wins: an interpreter runs `-m server`, anything else (the `ormlens`
 * console script) runs `lsp`. Otherwise the Python extension's interpreter runs `-m server`, and
 * without one, `python3`.
 */
export function resolveServerCommand(raw: RawSettings, platform: string = process.platform): ServerCommand {
  const serverPath = typeof raw.serverPath === 'string' ? expandHome(raw.serverPath.trim()) : '';
  if (serverPath) {
    return isPythonInterpreter(serverPath)
      ? { command: serverPath, args: ['-m', 'server'] }
      : { command: serverPath, args: ['lsp'] };
  }
  const python = typeof raw.pythonInterpreter === 'string' ? expandHome(raw.pythonInterpreter.trim()) : '';
  if (python) {
    return { command: python, args: ['-m', 'server'] };
  }
  return { command: platform === 'win32' ? 'python' : 'python3', args: ['-m', 'server'] };
}

function expandHome(path: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  if (home && (path === '~' || path.startsWith('~/'))) {
    return home + path.slice(1);
  }
  return path;
}

export interface SettingsResult {
  settings: ServerSettings;
  problems: string[];
}

/**
 * The `ormlens` settings section as the server reads it (initializationOptions and
 * didChangeConfiguration). Unset values are left out so `[tool.ormlens]` of pyproject.toml
 * applies; values of the wrong type are dropped and reported.
 */
export function toServerSettings(raw: RawSettings): SettingsResult {
  const settings: ServerSettings = {};
  const problems: string[] = [];
  for (const key of ['dialects', 'select', 'ignore'] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      const items = value.map((v: string) => v.trim()).filter((v: string) => v.length > 0);
      settings[key] = key === 'dialects' ? items.map((v: string) => v.toLowerCase()) : items.map((v: string) => v.toUpperCase());
    } else {
      problems.push(`ormlens.${key} must be a list of strings, got ${JSON.stringify(value)}`);
    }
  }
  const ms = raw.debounceMs;
  if (ms !== undefined && ms !== null) {
    if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= 60000) {
      settings.debounceMs = Math.round(ms);
    } else {
      problems.push(`ormlens.debounceMs must be a number between 0 and 60000, got ${JSON.stringify(ms)}`);
    }
  }
  return { settings, problems };
}

/** Arguments of the server's `ormlens.showSql` command for a cursor position. */
export function showSqlArguments(uri: string, line: number, character: number, dialect: string) {
  return { uri, position: { line, character }, dialect };
}

/** An untitled document's text for the SQL of one dialect. */
export function sqlDocument(dialect: string, sql: string | null | undefined): string {
  if (!sql) {
    return `-- ormlens: no query expression at the cursor for ${dialect}\n`;
  }
  return `-- ${dialect}\n${sql.endsWith('\n') ? sql : sql + '\n'}`;
}
