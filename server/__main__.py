"""``python -m server [--stdio | --tcp [--host H] [--port P]] [--log-file F] [--log-level L]``."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Optional, Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server",
                                     description="The ormlens language server (LSP over stdio).")
    parser.add_argument("--stdio", action="store_true",
                        help="talk LSP over stdin/stdout (the default; clients such as "
                             "vscode-languageclient pass it)")
    parser.add_argument("--tcp", action="store_true", help="listen on TCP instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="TCP host (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=2087, help="TCP port (default 2087)")
    parser.add_argument("--log-file", help="write the server log to this file (default stderr)")
    parser.add_argument("--log-level", default="WARNING",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log level")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.stdio and args.tcp:
        parser.error("--stdio and --tcp exclude each other")
    if args.version:
        from . import __version__
        print(f"ormlens language server {__version__}")
        return 0
    # stdout carries the protocol: logs go to stderr or a file, never stdout.
    handler: logging.Handler = (logging.FileHandler(args.log_file, encoding="utf-8")
                                if args.log_file else logging.StreamHandler(sys.stderr))
    logging.basicConfig(level=args.log_level, handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # pygls logs every message body at INFO: keep it quiet unless debugging.
    if args.log_level != "DEBUG":
        logging.getLogger("pygls").setLevel(logging.WARNING)
    from .app import create_server

    server = create_server()
    if args.tcp:
        server.start_tcp(args.host, args.port)
    else:
        server.start_io()
    return 0


if __name__ == "__main__":
    sys.exit(main())
