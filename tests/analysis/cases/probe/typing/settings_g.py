"""Settings for a probe case (support module, no labels)."""
MAX_LEVEL = 5
DEFAULT_LEVEL = "normal"
