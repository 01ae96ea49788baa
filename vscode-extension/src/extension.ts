// The VS Code side of ormlens: starts the language server (`python -m server`) with
// vscode-languageclient, passes the `ormlens` settings, and adds "Show SQL for dialect...".
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { RawSettings, resolveServerCommand, showSqlArguments, sqlDocument, toServerSettings } from './config';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let status: vscode.StatusBarItem | undefined;

const DIALECTS = ['sqlite', 'postgresql', 'mysql'];

async function pythonInterpreter(): Promise<string | undefined> {
  // The Python extension's API knows the selected environment; its setting is the fallback.
  const python = vscode.extensions.getExtension('ms-python.python');
  try {
    if (python) {
      const api: any = python.isActive ? python.exports : await python.activate();
      const env = api?.environments?.getActiveEnvironmentPath?.();
      if (env?.path) return env.path as string;
    }
  } catch (err) {
    output?.appendLine(`Python extension API unavailable: ${err}`);
  }
  const configured = vscode.workspace.getConfiguration('python').get<string>('defaultInterpreterPath');
  return configured && configured !== 'python' ? configured : undefined;
}

function rawSettings(): RawSettings {
  const cfg = vscode.workspace.getConfiguration('ormlens');
  const value = (key: string) => {
    const inspected = cfg.inspect(key);
    // Only values the user set: unset ones fall back to [tool.ormlens] on the server.
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  };
  return {
    serverPath: cfg.get('serverPath'),
    dialects: value('dialects'),
    select: value('select'),
    ignore: value('ignore'),
    debounceMs: value('debounceMs'),
  };
}

function serverSettings() {
  const { settings, problems } = toServerSettings(rawSettings());
  for (const problem of problems) output?.appendLine(problem);
  return settings;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const raw = rawSettings();
  raw.pythonInterpreter = await pythonInterpreter();
  const server = resolveServerCommand(raw);
  output!.appendLine(`starting ${server.command} ${server.args.join(' ')}`);
  // No `transport`: stdio is the default, and TransportKind.stdio would append `--stdio`.
  const serverOptions: ServerOptions = { command: server.command, args: server.args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'python' }, { scheme: 'untitled', language: 'python' }],
    outputChannel: output,
    initializationOptions: { ormlens: serverSettings() },
    middleware: {
      workspace: {
        // The server asks for the `ormlens` section: answer with only the user-set values.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          return (params.items ?? []).map((item, i) =>
            item.section === 'ormlens' ? serverSettings() : Array.isArray(result) ? result[i] : null);
        },
      },
      // "Show SQL for dialect ..." code actions: show the SQL in an editor instead of a message.
      executeCommand: async (command, args, next) => {
        if (command === 'ormlens.showSql' && args[0] && typeof args[0] === 'object' && args[0].show) {
          const sql = await next(command, [{ ...args[0], show: false }]);
          await openSql(args[0].dialect ?? 'sql', sql);
          return sql;
        }
        return next(command, args);
      },
    },
  };
  client = new LanguageClient('ormlens', 'ormlens', serverOptions, clientOptions);
  await client.start();
  status!.text = 'ormlens: ready';
  status!.show();
}

async function openSql(dialect: string, sql: unknown): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({
    language: 'sql', content: sqlDocument(dialect, typeof sql === 'string' ? sql : null) });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

async function showSqlForDialect(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  const configured = toServerSettings(rawSettings()).settings.dialects;
  const dialect = await vscode.window.showQuickPick(configured?.length ? configured : DIALECTS,
    { placeHolder: 'Dialect to compile the query under the cursor for' });
  if (!dialect) return;
  const pos = editor.selection.active;
  const sql = await client.sendRequest('workspace/executeCommand', {
    command: 'ormlens.showSql',
    arguments: [showSqlArguments(editor.document.uri.toString(), pos.line, pos.character, dialect)],
  });
  await openSql(dialect, sql);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('ormlens');
  // Readiness marker (also what UI tests wait for): shown once the server answered `initialize`.
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.text = 'ormlens: starting';
  status.show();
  context.subscriptions.push(output, status);
  context.subscriptions.push(
    vscode.commands.registerCommand('ormlens.showSqlForDialect', showSqlForDialect),
    vscode.commands.registerCommand('ormlens.restartServer', async () => {
      await client?.stop();
      status!.text = 'ormlens: starting';
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('ormlens.serverPath')) {
        await vscode.commands.executeCommand('ormlens.restartServer');
      } else if (event.affectsConfiguration('ormlens') && client) {
        await client.sendNotification('workspace/didChangeConfiguration', { settings: { ormlens: serverSettings() } });
      }
    }),
  );
  try {
    await startClient(context);
  } catch (err) {
    status.text = 'ormlens: failed';
    output.appendLine(`could not start the ormlens server: ${err}`);
    void vscode.window.showErrorMessage(`ormlens: could not start the language server (${err}). Set "ormlens.serverPath".`);
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
