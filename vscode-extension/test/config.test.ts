import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isPythonInterpreter, resolveServerCommand, showSqlArguments, sqlDocument, toServerSettings } from '../src/config';

test('serverPath pointing at an interpreter runs -m server', () => {
  assert.deepEqual(resolveServerCommand({ serverPath: '/venv/bin/python3.11' }),
    { command: '/venv/bin/python3.11', args: ['-m', 'server'] });
  assert.deepEqual(resolveServerCommand({ serverPath: 'C:\\Py\\python.exe' }, 'win32'),
    { command: 'C:\\Py\\python.exe', args: ['-m', 'server'] });
});

test('serverPath pointing at the ormlens script runs `lsp`', () => {
  assert.deepEqual(resolveServerCommand({ serverPath: '/venv/bin/ormlens', pythonInterpreter: '/usr/bin/python3' }),
    { command: '/venv/bin/ormlens', args: ['lsp'] });
});

test('without serverPath the Python extension interpreter is used', () => {
  assert.deepEqual(resolveServerCommand({ serverPath: '  ', pythonInterpreter: '/proj/.venv/bin/python' }),
    { command: '/proj/.venv/bin/python', args: ['-m', 'server'] });
});

test('without any setting: python3 (python on Windows)', () => {
  assert.deepEqual(resolveServerCommand({}, 'linux'), { command: 'python3', args: ['-m', 'server'] });
  assert.deepEqual(resolveServerCommand({ serverPath: 42 }, 'win32'), { command: 'python', args: ['-m', 'server'] });
});

test('~ in paths expands to HOME', () => {
  const home = process.env.HOME;
  process.env.HOME = '/home/ada';
  try {
    assert.equal(resolveServerCommand({ serverPath: '~/venv/bin/python' }).command, '/home/ada/venv/bin/python');
  } finally {
    process.env.HOME = home;
  }
});

test('interpreter names', () => {
  for (const yes of ['python', 'python3', 'python3.12', '/a/b/pypy3', 'PYTHON.EXE']) assert.ok(isPythonInterpreter(yes), yes);
  for (const no of ['ormlens', '/a/python-lsp', 'pythonx', '/a/b/']) assert.ok(!isPythonInterpreter(no), no);
});

test('settings: unset values are left out so pyproject.toml applies', () => {
  assert.deepEqual(toServerSettings({}), { settings: {}, problems: [] });
  assert.deepEqual(toServerSettings({ dialects: null, select: undefined }), { settings: {}, problems: [] });
});

test('settings: lists are trimmed and normalised', () => {
  const { settings, problems } = toServerSettings({
    dialects: [' PostgreSQL ', 'sqlite', ''], select: ['orm1'], ignore: ['ORM104 '], debounceMs: 120.4 });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, { dialects: ['postgresql', 'sqlite'], select: ['ORM1'], ignore: ['ORM104'], debounceMs: 120 });
});

test('settings: wrong types are dropped and reported', () => {
  const { settings, problems } = toServerSettings({ dialects: 'sqlite', select: [1], debounceMs: -5 });
  assert.deepEqual(settings, {});
  assert.equal(problems.length, 3);
  assert.match(problems[0], /ormlens\.dialects must be a list of strings, got "sqlite"/);
  assert.match(problems[1], /ormlens\.select/);
  assert.match(problems[2], /ormlens\.debounceMs must be a number between 0 and 60000, got -5/);
});

test('showSql arguments and the SQL document text', () => {
  assert.deepEqual(showSqlArguments('file:///a.py', 3, 7, 'mysql'),
    { uri: 'file:///a.py', position: { line: 3, character: 7 }, dialect: 'mysql' });
  assert.equal(sqlDocument('postgresql', 'SELECT 1'), '-- postgresql\nSELECT 1\n');
  assert.match(sqlDocument('mysql', null), /no query expression at the cursor for mysql/);
});
