"""The protocol surface: capabilities, errors for malformed requests, stdio and TCP transports."""
from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from lsp_harness import CONFIG, RecordingClient, start


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def session(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("protocol")
    lsp_client.root = root   # type: ignore[attr-defined]
    lsp_client.initialize_result = await start(lsp_client, root)   # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()

@pytest.mark.asyncio(loop_scope="module")
async def test_initialize_announces_every_feature(session: RecordingClient) -> None:
    result = session.initialize_result   # type: ignore[attr-defined]
    caps = result.capabilities
    assert result.server_info.name == "ormlens"
    assert caps.text_document_sync.change == lsp.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close and caps.text_document_sync.save
    assert caps.hover_provider and caps.definition_provider and caps.references_provider
    assert set(caps.completion_provider.trigger_characters) >= {"(", '"', "."}
    assert set(caps.code_action_provider.code_action_kinds) >= {"quickfix", "source"}
    assert list(caps.execute_command_provider.commands) == ["ormlens.showSql", "ormlens.restart"]


@pytest.mark.asyncio(loop_scope="module")
async def test_malformed_show_sql_gets_invalid_params(session: RecordingClient) -> None:
    client = session
    for arguments in ([], [{"uri": 3}], [{"uri": "file:///x.py", "position": {"line": "a"}}],
                      [{"uri": "file:///x.py", "position": {"line": 0, "character": 0}, "dialect": 5}]):
        with pytest.raises(JsonRpcException) as info:
            await client.workspace_execute_command_async(lsp.ExecuteCommandParams(
                command="ormlens.showSql", arguments=arguments))
        assert info.value.code == -32602, arguments   # InvalidParams
        assert "ormlens.showSql expects" in info.value.message or "dialect" in info.value.message


@pytest.mark.asyncio(loop_scope="module")
async def test_unknown_method_and_command_are_protocol_errors(session: RecordingClient) -> None:
    client, tmp_path = session, session.root   # type: ignore[attr-defined]
    with pytest.raises(JsonRpcException) as info:
        await client.protocol.send_request_async("ormlens/noSuchMethod", {})
    assert info.value.code == -32601   # MethodNotFound
    with pytest.raises(JsonRpcException) as info:
        await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="nope"))
    assert info.value.code == -32602
    # and the server still answers
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=(tmp_path / "missing.py").as_uri()),
        position=lsp.Position(0, 0)))
    assert hover is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _frame(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


async def _read_message(reader: asyncio.StreamReader) -> dict:
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(await reader.readexactly(length))


@pytest.mark.asyncio(loop_scope="module")
async def test_tcp_transport(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "server", "--tcp", "--port", str(port)],
                            stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.05)   # the server process is still starting
        else:
            raise AssertionError("the TCP server never listened")
        writer.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                             "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}}))
        await writer.drain()
        while (message := await asyncio.wait_for(_read_message(reader), 30)).get("id") != 1:
            pass
        assert message["result"]["serverInfo"]["name"] == "ormlens"
        writer.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        writer.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        await writer.drain()
        writer.close()
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_version_flag_and_bad_arguments() -> None:
    done = subprocess.run([sys.executable, "-m", "server", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("ormlens language server ")
    bad = subprocess.run([sys.executable, "-m", "server", "--port", "x"], capture_output=True, text=True)
    assert bad.returncode == 2 and "invalid int value" in bad.stderr
    both = subprocess.run([sys.executable, "-m", "server", "--stdio", "--tcp"], capture_output=True,
                          text=True)
    assert both.returncode == 2 and "--stdio and --tcp exclude each other" in both.stderr


def test_ormlens_lsp_runs_this_server() -> None:
    ormlens = Path(sys.executable).with_name("ormlens")
    done = subprocess.run([str(ormlens), "lsp", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("ormlens language server ")


@pytest.mark.asyncio(loop_scope="module")
async def test_malformed_messages_get_protocol_errors() -> None:
    """Raw stdio: params that do not match the protocol, a body that is not JSON, then a clean
    shutdown while `initialize` may still be running."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server", stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                             "params": {"capabilities": {}}}))
    proc.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    proc.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
                             "params": {"textDocument": {"uri": 5}}}))
    proc.stdin.write(b"Content-Length: 5\r\n\r\n{bad}")
    proc.stdin.write(_frame({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}))
    await proc.stdin.drain()
    answers: dict = {}
    while 3 not in answers:
        message = await asyncio.wait_for(_read_message(proc.stdout), 30)
        if "method" not in message:
            answers[message.get("id")] = message
    assert answers[2]["error"]["code"] == -32602                     # InvalidParams, answered
    assert answers[None]["error"]["code"] == -32700                  # ParseError, id null
    assert answers[3] == {"id": 3, "jsonrpc": "2.0", "result": None}  # shutdown succeeds
    proc.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
    await proc.stdin.drain()
    assert await asyncio.wait_for(proc.wait(), 30) == 0
