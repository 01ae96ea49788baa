"""The plugin's configuration: which ormlens checks become mypy errors, for which dialects.

Read from the mypy configuration file mypy was started with:

- ``mypy.ini`` / ``setup.cfg`` / ``.mypy.ini``: a section ``[mypy.plugins.ormlens]``;
- ``pyproject.toml``: the table ``[tool.ormlens]`` (the one ``ormlens check`` reads too).

Keys are those of ``[tool.ormlens]`` (``select``, ``ignore``, ``dialects``, ``severity``,
``exclude``; lists may be comma-separated strings in ini files, ``severity`` is
``CODE:LEVEL`` pairs there).  To turn a kind of finding off for mypy only, use mypy's own
``disable_error_code = orm-raw-sql``.

A ``[tool.ormlens]`` table of a ``pyproject.toml`` at or above the project root applies too (so
mypy and ``ormlens check`` agree); keys of the mypy section win over it.

Example (mypy.ini)::

    [mypy]
    plugins = mypy_plugin

    [mypy.plugins.ormlens]
    select = ORM1, ORM2, ORM3
    ignore = ORM206
    dialects = postgresql

    config = PluginConfig.from_mypy_options(options)
    config.checks.enabled("ORM101")     # True
"""
from __future__ import annotations

import configparser
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from analysis.config import Config, ConfigError

INI_SECTION = "mypy.plugins.ormlens"


@dataclass(frozen=True)
class PluginConfig:
    """``checks``: the analysis configuration the findings come from; ``root``: the project root
    (see :meth:`from_mypy_options`); ``source``: the file the plugin's keys came from, if any."""

    root: Path
    checks: Config = field(default_factory=Config)
    source: Optional[str] = None

    @classmethod
    def from_mypy_options(cls, options: Any) -> "PluginConfig":
        """The configuration for a mypy run with ``options`` (``options.config_file`` is read).

        The root is the configuration file's directory when mypy runs inside it; a configuration
        file elsewhere (``--config-file ../ci/mypy.ini``) still gives the settings, but the
        project is then the one mypy runs in: the nearest directory above the current one with a
        ``pyproject.toml``, else the current directory (as for ``ormlens check``).
        """
        config_file = getattr(options, "config_file", None)
        if not (config_file and os.path.isfile(config_file)):
            return cls.from_file(None)
        config = cls.from_file(config_file)
        cwd = Path.cwd().resolve()
        if cwd == config.root or config.root in cwd.parents:
            return config
        root = _project_root(cwd)
        return cls(root=root, checks=config.checks, source=config.source)

    @classmethod
    def from_file(cls, config_file: Optional[str | Path]) -> "PluginConfig":
        """Read ``config_file`` (a mypy configuration file, or None: defaults for the cwd).

        Raises :class:`ConfigError` naming the file and key for a value of the wrong shape.
        """
        if config_file is None:
            root = _project_root(Path.cwd().resolve())
            return cls(root=root, checks=Config.load(root))
        path = Path(config_file).resolve()
        root = path.parent
        base = Config.load(root)
        if path.suffix == ".toml":
            table = _toml_table(path)
        else:
            table = _ini_section(path)
        if table is None:
            return cls(root=root, checks=base)
        if path.suffix == ".toml":
            checks = Config.from_dict(table, source=str(path))
        else:
            try:
                checks = _merge(base, Config.from_dict(table, source=str(path)), table)
            except ConfigError as exc:
                # analysis words its errors for pyproject.toml; name the section actually read
                raise ConfigError(str(exc).replace("[tool.ormlens]", f"[{INI_SECTION}]")) from exc
        return cls(root=root, checks=checks, source=str(path))

    def fingerprint(self) -> tuple:
        """What, in the configuration, changes the errors the plugin reports."""
        return self.checks.fingerprint()


def _project_root(start: Path) -> Path:
    for directory in (start, *start.parents):
        if (directory / "pyproject.toml").is_file():
            return directory
    return start


def _toml_table(path: Path) -> Optional[dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("ormlens")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.ormlens] must be a table")
    return table


def _ini_section(path: Path) -> Optional[dict[str, Any]]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8") as stream:
            parser.read_file(stream)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except configparser.Error as exc:
        raise ConfigError(f"{path}: invalid ini file: {exc}") from exc
    if not parser.has_section(INI_SECTION):
        return None
    table: dict[str, Any] = {}
    for key, value in parser.items(INI_SECTION):
        if key == "severity":
            # ini has no tables: ``severity = ORM101:error, ORM201:warning``
            table[key] = _severity_pairs(value, f"{path}: [{INI_SECTION}]")
        else:
            table[key] = value
    return table


def _severity_pairs(value: str, where: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in value.replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        code, sep, level = item.partition(":")
        if not sep:
            raise ConfigError(f"{where}: severity must be CODE:LEVEL pairs, not {item!r}")
        pairs[code.strip()] = level.strip()
    return pairs


def _merge(base: Config, override: Config, given: dict[str, Any]) -> Config:
    """``base`` with the keys ``given`` in the mypy section replaced by ``override``'s values."""
    return base.with_overrides(**{key: getattr(override, key) for key in given})


__all__ = ["ConfigError", "INI_SECTION", "PluginConfig"]
