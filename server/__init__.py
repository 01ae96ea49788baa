"""ormlens server (see DESIGN.md)."""
