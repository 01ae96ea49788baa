"""ormlens language server (see DESIGN.md): a pygls server that translates between the editor and
``analysis``.  Run it with ``python -m server`` (stdio) or ``ormlens lsp``."""

__version__ = "0.1.0"
