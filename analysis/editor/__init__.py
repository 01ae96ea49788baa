"""Editor features over the Workspace: hover, navigation, completion, code actions.

Pure functions returning :mod:`analysis.editor.results` dataclasses; the language server (and any
other front-end) only converts them.
"""
