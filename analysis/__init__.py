"""ormlens analysis (see DESIGN.md)."""
