"""ormlens mypy_plugin (see DESIGN.md)."""
