"""The checker's entry point: a project's files, their model index, findings per file.

Nothing here imports or runs the code it reads: files are read as text, parsed, and interpreted.

Example::

    ws = Workspace("/path/to/project")        # reads [tool.ormlens] of its pyproject.toml
    ws.index()                                  # scan the .py files, build the model index
    ws.project.resolve_model("User", "app.views")
    ws.check("/path/to/project/app/views.py")   # [Finding, ...] of the enabled rules
    ws.set_document(path, edited_text)          # editor overlay: wins over the disk
    ws.check_all(jobs=2)                        # {path: [Finding, ...]} for every file

Caching: per-file facts and parse trees are keyed by content hash; findings by content hash,
model-index generation and configuration, and by the content hashes of the other modules the
check read (helpers, model methods), so an edit of ``models.py`` or ``helpers.py`` makes
``views.py`` be checked again on its next :meth:`Workspace.check`.

Around it: :mod:`analysis.discovery` (which files), :mod:`analysis.prefilter` (which modules the
ORM rules can skip), :mod:`analysis.memory` (parse-tree budget, cyclic GC),
:mod:`analysis.incremental` (re-checking only the functions an edit can change).
"""
from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from analysis.config import Config
from analysis.discovery import discover, is_under, module_file
from analysis.findings import Finding
from analysis.flow.relevance import module_orm_names, names_digest, relevant_pieces
from analysis.incremental import Checked, position_free, recheck
from analysis.index import parallel
from analysis.index.builder import build_project
from analysis.index.facts import ModuleFacts, extract_facts
from analysis.index.model import ProjectIndex
from analysis.index.modules import clear_package_cache, module_name_for
from analysis.index.parse import ModuleInfo, parse_module_info
from analysis.index.source import SourceError, content_hash, normalise_newlines, read_source
from analysis.memory import FREEZE_MIN_LINES, GC_GEN0, MODULE_CACHE_LINES, freeze_index, \
    relaxed_gc, settle_memory
from analysis.prefilter import mentions_orm
from analysis.rules import rules_for
from analysis.rules.base import RuleFailure, run_rules

log = logging.getLogger("ormlens")
Progress = Callable[[int, int, str], None]


class _Entry:
    """What the workspace knows of one file."""

    __slots__ = ("path", "module_name", "is_package", "text", "hash", "facts", "overlay")

    def __init__(self, path: str, module_name: str, is_package: bool) -> None:
        self.path = path
        self.module_name = module_name
        self.is_package = is_package
        self.text: Optional[str] = None
        self.hash: Optional[str] = None
        self.facts: Optional[ModuleFacts] = None
        self.overlay = False


class Workspace:
    """A project being checked (see the module docstring)."""

    def __init__(self, root: str | Path | None, config: Optional[Config] = None,
                 rules: Optional[Sequence[Any]] = None, sparse: Optional[bool] = None,
                 incremental: Optional[bool] = None) -> None:
        """``rules``: rule instances to run instead of the registered ones the config enables.

        ``sparse``: the rules see only the top-level statements that can matter to them (see
        analysis.flow.relevance); the others are not parsed with libcst.  Default: on, unless
        the environment sets ``ORMLENS_SPARSE=0`` (to compare with whole modules).
        ``incremental``: a check after an edit re-runs the rules only on the functions the edit
        can change (see analysis.incremental); default on unless ``ORMLENS_INCREMENTAL=0``.
        """
        self.sparse = sparse if sparse is not None else os.environ.get("ORMLENS_SPARSE") != "0"
        self._orm_names: dict[tuple, frozenset] = {}
        self.partial_checks = 0            # checks that ran on part of a module (sparse)
        # re-check only the functions an edit can change (analysis.incremental)
        self.incremental = incremental if incremental is not None else \
            os.environ.get("ORMLENS_INCREMENTAL") != "0"
        self.incremental_checks = 0
        # work done, for tests and benchmarks (counts, not timers): modules parsed with libcst,
        # runs of the rules on a (whole, sparse or partial) module, check_all() calls answered
        # with the previous findings because nothing they depend on changed
        self.modules_parsed = 0
        self.rule_runs = 0
        self.skipped_runs = 0
        self._last_run: Optional[tuple[tuple, dict[str, list[Finding]]]] = None
        self._pieces: dict[str, Checked] = {}
        # path -> (facts, hash of their index key)
        self._fact_hashes: dict[str, tuple] = {}
        # freeze long-lived trees out of the cyclic GC's way as parsing goes (see
        # analysis.memory.settle_memory); off in short-lived worker processes
        self.settle_memory = True
        self.root: Optional[Path] = Path(root).resolve() if root is not None else None
        self.config: Config = config if config is not None else Config.load(self.root)
        self._entries: dict[str, _Entry] = {}
        self._facts_cache: dict[tuple, ModuleFacts] = {}
        self._modules: OrderedDict[str, ModuleInfo] = OrderedDict()
        self._module_lines = 0
        self._findings: dict[str, tuple[tuple, list[Finding], dict[str, str]]] = {}
        self._project: Optional[ProjectIndex] = None
        self._project_key: Optional[tuple] = None
        self._build_memo: dict = {}
        self._generation = 0
        self._dirty = True
        self._given_rules = list(rules) if rules is not None else None
        self._rules: Optional[list] = self._given_rules
        self.failures: list[RuleFailure] = []
        self.read_errors: dict[str, str] = {}
        self.last_run_parallel = False     # whether the last check_all() used processes
        self.last_worker_cpu: list[float] = []   # CPU seconds of each of its workers
        self.cache_hits = 0                # files the last check_all() took from the disk cache
        self._reads: Optional[dict[str, str]] = None
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ configuration
    def set_config(self, config: Config) -> None:
        with self._lock:
            self.config = config
            self._rules = self._given_rules
            self._findings.clear()

    def rules(self, only: Optional[Iterable[str]] = None) -> list:
        if only is not None:
            if self._given_rules is not None:
                wanted = {c.upper() for c in only}
                return [r for r in self._given_rules if r.code in wanted]
            return rules_for(self.config, only)
        if self._rules is None:
            self._rules = rules_for(self.config)
        return self._rules

    # ------------------------------------------------------------------ files
    def _key(self, path: str | Path) -> str:
        return os.path.abspath(os.fspath(path))

    def _entry(self, path: str | Path) -> _Entry:
        key = self._key(path)
        entry = self._entries.get(key)
        if entry is None:
            name, is_package = module_name_for(Path(key), self.root)
            entry = self._entries[key] = _Entry(key, name, is_package)
        return entry

    def discover(self, paths: Optional[Sequence[str | Path]] = None) -> list[str]:
        """The ``.py`` files under ``paths`` (default: the root), excluded directories skipped."""
        roots = list(paths) if paths else ([self.root] if self.root else [])
        return discover(roots, self.root, self.config)

    def _load(self, entry: _Entry) -> None:
        """Read (if needed) and extract facts of ``entry`` (content-hash cached)."""
        if entry.text is None:
            try:
                entry.text = normalise_newlines(read_source(entry.path))
                self.read_errors.pop(entry.path, None)
            except SourceError as exc:
                self.read_errors[entry.path] = str(exc)
                entry.text = ""
            entry.hash = content_hash(entry.text)
        if entry.facts is None:
            cache_key = (entry.hash, entry.module_name, entry.is_package, entry.path)
            facts = self._facts_cache.get(cache_key)
            if facts is None:
                facts = extract_facts(entry.text, entry.module_name, entry.is_package, entry.path)
                self._facts_cache[cache_key] = facts
            entry.facts = facts

    def index(self, progress: Optional[Progress] = None, jobs: Optional[int] = 1,
              paths: Optional[Sequence[str | Path]] = None) -> int:
        """Read the files and build the model index; returns how many files were read.

        Without ``paths``: every ``.py`` file under the root.  With ``paths``: those files plus
        the project modules they import, transitively (and the packages' ``__init__`` files), so
        checking one file of a big project does not read all of it.  ``progress(done, total,
        path)`` is called as files are read.
        """
        with self._lock, relaxed_gc():
            clear_package_cache()
            if paths:
                files = self._import_closure(self.discover(paths), jobs)
            else:
                files = self.discover() if self.root else []
                known = set(files)
                for path in list(self._entries):
                    if path not in known and not self._entries[path].overlay:
                        del self._entries[path]
            entries = [self._entry(p) for p in files]
            self._load_many(entries, jobs, progress)
            self._dirty = True
            if sum(e.facts.lines for e in entries if e.facts is not None) >= FREEZE_MIN_LINES:
                _ = self.project
                freeze_index()
            return len(entries)

    def _load_many(self, entries: list[_Entry], jobs: Optional[int],
                   progress: Optional[Progress]) -> None:
        # in this process, whatever ``jobs`` says: facts come back from a worker as pickles, and
        # unpickling them here costs about 80% of extracting them (measured on a 50k-line
        # project: 0.97 s to load what took 1.2 s to extract), so a pool only adds CPU time
        self.last_run_parallel = False
        for number, entry in enumerate(entries, 1):
            self._load(entry)
            if progress is not None:
                progress(number, len(entries), entry.path)

    def _import_closure(self, wanted: list[str], jobs: Optional[int]) -> list[str]:
        chosen: dict[str, None] = {}
        frontier = [self._key(p) for p in wanted]
        while frontier:
            batch = [p for p in dict.fromkeys(frontier) if p not in chosen]
            for path in batch:
                chosen[path] = None
            entries = [self._entry(p) for p in batch]
            self._load_many(entries, jobs, None)
            frontier = []
            for entry in entries:
                facts = entry.facts
                if facts is None:
                    continue
                targets = list(facts.imports.values()) + list(facts.star_imports)
                # a package's __init__ runs (and often re-exports models) before its modules
                parts = entry.module_name.split(".")
                targets.extend(".".join(parts[:i]) for i in range(1, len(parts)))
                for target in targets:
                    found = module_file(target, entry.module_name, entry.is_package,
                                        entry.path, self.root)
                    if found is not None and found not in chosen:
                        frontier.append(found)
        return list(chosen)

    def module_lines(self, path: str | Path) -> int:
        """How many lines the workspace's text of ``path`` has (0 when unknown)."""
        entry = self._entries.get(self._key(path))
        return entry.facts.lines if entry is not None and entry.facts is not None else 0

    def set_document(self, path: str | Path, text: str) -> None:
        """The editor's text of ``path`` (wins over the disk until :meth:`close_document`)."""
        with self._lock, relaxed_gc():
            entry = self._entry(path)
            text = normalise_newlines(text)
            if entry.overlay and entry.text == text:
                return
            entry.overlay = True
            self.read_errors.pop(entry.path, None)     # the editor's text is there to read
            self._replace_text(entry, text)

    def close_document(self, path: str | Path) -> None:
        """Back to the disk's text of ``path`` (dropped when the file does not exist)."""
        with self._lock, relaxed_gc():
            key = self._key(path)
            entry = self._entries.get(key)
            if entry is None or not entry.overlay:
                return
            entry.overlay = False
            self.file_changed(key)

    def file_changed(self, path: str | Path) -> None:
        """A file was created, changed or deleted on disk."""
        with self._lock, relaxed_gc():
            key = self._key(path)
            entry = self._entries.get(key)
            if entry is not None and entry.overlay:
                return
            if Path(key).name == "__init__.py":
                clear_package_cache()
            if not os.path.exists(key):
                if entry is not None:
                    del self._entries[key]
                    self._forget_module(key)
                    self._pieces.pop(key, None)
                    self._findings.pop(key, None)
                    self._dirty = True
                return
            if entry is None and self.root is not None and not is_under(Path(key), self.root):
                return
            entry = self._entry(key)
            try:
                text = normalise_newlines(read_source(key))
                self.read_errors.pop(key, None)
            except SourceError as exc:
                self.read_errors[key] = str(exc)
                text = ""
            self._replace_text(entry, text)

    def _replace_text(self, entry: _Entry, text: str) -> None:
        old_key = entry.facts.index_key() if entry.facts is not None else None
        entry.text = text
        entry.hash = content_hash(text)
        entry.facts = None
        self._load(entry)
        self._forget_module(entry.path)
        if old_key is None or entry.facts.index_key() != old_key:
            self._dirty = True

    def _forget_module(self, path: str) -> None:
        old = self._modules.pop(path, None)
        if old is not None:
            self._module_lines -= old.facts.lines

    def paths(self) -> list[str]:
        """Every file the workspace knows (indexed or opened)."""
        return sorted(self._entries)

    # ------------------------------------------------------------------ the model index
    @property
    def project(self) -> ProjectIndex:
        """The model index of every known file (rebuilt lazily after a model-relevant change)."""
        with self._lock, relaxed_gc():
            if self._project is None or self._dirty:
                for entry in list(self._entries.values()):
                    if entry.facts is None:
                        self._load(entry)
                facts = [e.facts for e in self._entries.values() if e.facts is not None]
                key = tuple(f.index_key() for f in sorted(facts, key=lambda f: f.path))
                if self._project is None or key != self._project_key:
                    self._generation += 1
                    self._project = build_project(facts, generation=self._generation,
                                                  memo=self._build_memo)
                    # the flow inference reads other modules through the workspace's cache
                    self._project.module_loader = self._module_by_name
                    self._project_key = key
                    for info in self._modules.values():
                        info.project = self._project
                self._dirty = False
            return self._project

    def _module_by_name(self, name: str) -> Optional[ModuleInfo]:
        project = self._project
        path = project.module_paths.get(name) if project is not None else None
        if path is None:
            return None
        info = self.module(path)
        if self._reads is not None:
            self._reads[info.path] = info.content_hash     # a dependency of the checked file
        return info

    def _orm_names_of(self, name: str) -> Optional[frozenset]:
        """The ORM names of project module ``name`` (analysis.flow.relevance), recorded as read."""
        project = self._project
        path = project.module_paths.get(name) if project is not None else None
        entry = self._entries.get(path) if path is not None else None
        if entry is None:
            return None
        if entry.facts is None:
            self._load(entry)
        if self._reads is not None:
            self._reads[entry.path] = entry.hash or ""
        key = (entry.path, entry.hash, names_digest(project))
        found = self._orm_names.get(key)
        if found is None:
            if len(self._orm_names) > 4096:
                self._orm_names.clear()
            found = self._orm_names[key] = module_orm_names(entry.text or "", entry.facts,
                                                            project)
        return found

    @property
    def generation(self) -> int:
        return self.project.generation

    def module(self, path: str | Path) -> ModuleInfo:
        """The parsed module of ``path`` (overlay text when open); cached by content."""
        with self._lock, relaxed_gc():
            entry = self._entry(path)
            if entry.facts is None:
                self._load(entry)
            project = self.project
            info = self._modules.get(entry.path)
            if info is None or info.content_hash != entry.hash:
                self.modules_parsed += 1
                info = parse_module_info(entry.text or "", path=entry.path,
                                         module_name=entry.module_name,
                                         is_package=entry.is_package, facts=entry.facts,
                                         project=project, lazy=True)
                self._modules[entry.path] = info
                self._module_lines += info.facts.lines
                while self._module_lines > MODULE_CACHE_LINES and len(self._modules) > 1:
                    _, old = self._modules.popitem(last=False)
                    self._module_lines -= old.facts.lines
            else:
                self._modules.move_to_end(entry.path)
                info.project = project
            return info

    # ------------------------------------------------------------------ checking
    def check(self, path: str | Path, only: Optional[Iterable[str]] = None) -> list[Finding]:
        """Findings of the enabled rules (or of the codes ``only``) on ``path``."""
        return self._check(path, only)[0]

    def _check(self, path: str | Path, only: Optional[Iterable[str]] = None,
               remember: bool = True) -> tuple[list[Finding], dict[str, str]]:
        """Findings, and the modules (path -> content hash) the rules read besides ``path``.

        ``remember``: keep what the next check of an edited text needs to re-check only the
        edited functions (analysis.incremental); whole-project runs do not.
        """
        with self._lock, relaxed_gc():
            entry = self._entry(path)
            if entry.facts is None:
                self._load(entry)
            project = self.project
            only_key = tuple(sorted(only)) if only is not None else None
            key = (entry.hash, project.generation, self.config.fingerprint(), only_key)
            cached = self._findings.get(entry.path)
            if cached is not None and cached[0] == key and self._reads_current(cached[2]):
                return list(cached[1]), dict(cached[2])
            info = self.module(entry.path)
            orm_text = mentions_orm(info.source, project)
            outer, self._reads = self._reads, {}
            try:
                keep = None
                if self.sparse and orm_text:
                    keep = relevant_pieces(info, project, self._orm_names_of)

                def run(module: ModuleInfo) -> list[Finding]:
                    self.rule_runs += 1
                    return run_rules(module, project, self.config, self.rules(only),
                                     self.failures, orm_text=orm_text)

                findings = None
                previous = self._pieces.get(entry.path)
                same = self._incremental_key(entry, only_key) if self.incremental else None
                if previous is not None and cached is not None and \
                        entry.path not in self.read_errors and self._reads_current(cached[2]):
                    mapped = {m.name for group in (project.models, project.abstract)
                              for m in group.values() if m.path == entry.path}
                    mapped.update(name.rpartition(".")[2] for name in project.bases
                                  if name.rpartition(".")[0] == entry.module_name)
                    findings = recheck(previous, info, same, keep, run, mapped)
                    if findings is not None:
                        self.incremental_checks += 1
                        self._reads.update(cached[2])
                if findings is None:
                    checked = info.sparse(keep) if keep is not None else info
                    self.partial_checks += checked.partial
                    findings = run(checked)
                reads = {p: h for p, h in self._reads.items() if p != entry.path}
            finally:
                self._reads = outer
            if entry.path in self.read_errors:
                findings = [f for f in findings if f.code != "ORM000"]
                findings.insert(0, _read_error(entry.path, self.read_errors[entry.path]))
            self._findings[entry.path] = (key, findings, reads)
            if remember and self.incremental and info.layout is not None:
                self._pieces[entry.path] = Checked.of(info.layout, findings, same, entry.path)
            else:
                self._pieces.pop(entry.path, None)
            if self.settle_memory:
                settle_memory()
            return list(findings), reads

    def check_with_reads(self, path: str | Path) -> tuple[list[Finding], dict[str, str]]:
        """Findings of ``path`` and the other modules (path -> content hash) the rules read.

        For front-ends with a cache of their own (see :mod:`analysis.inputs`).
        """
        return self._check(path)

    def content_hash_of(self, path: str | Path) -> Optional[str]:
        """The content hash of the workspace's text of ``path`` (None when it cannot be read)."""
        with self._lock:
            key = self._key(path)
            if key not in self._entries and not os.path.isfile(key):
                return None
            entry = self._entry(key)
            if entry.facts is None:
                self._load(entry)
            return None if key in self.read_errors else entry.hash

    def _incremental_key(self, entry: _Entry, only: Optional[tuple]) -> tuple:
        """What the findings of ``entry`` depend on besides its text, as far as
        analysis.incremental can tell: every other module's index facts (with positions: a
        finding may point into them), this module's facts without positions (an edit above a
        model moves it; the findings that point at it move with the edit), configuration."""
        others = 0
        own = 0
        for path, other in self._entries.items():
            if other.facts is None:
                continue
            cached = self._fact_hashes.get(path)
            if cached is None or cached[0] is not other.facts:
                cached = (other.facts, hash(other.facts.index_key()))
                self._fact_hashes[path] = cached
            if path != entry.path:
                others = (others + cached[1]) & 0xFFFFFFFFFFFFFFFF
            else:
                own = self._own_key(other.facts)
        return (others, own, self.config.fingerprint(), only)

    def _own_key(self, facts: ModuleFacts) -> int:
        """The module's index facts without positions, and of its classes that are not mapped
        (nor mixins, nor declarative bases) only what could make them so: their methods'
        bodies are the module's code, which the incremental check follows itself."""
        project = self._project
        mapped = set(project.models) | set(project.abstract) | set(project.bases) \
            if project is not None else set()
        classes = tuple(c if c.qualname in mapped else
                        ("plain", c.name, c.qualname, c.bases, c.keywords, c.decorators)
                        for c in facts.classes)
        key = tuple(classes if part is facts.classes else part for part in facts.index_key())
        return hash(position_free(key))

    def _reads_current(self, reads: dict[str, str]) -> bool:
        """Whether every module a cached result read (path -> content hash) still has that text.

        The index generation only changes with model-relevant facts: a helper's body, or a model
        method's, can change what a check of a caller finds without changing the index.
        """
        for path, digest in reads.items():
            entry = self._entries.get(path)
            if entry is None:
                return False
            if entry.facts is None:
                self._load(entry)
            if entry.hash != digest:
                return False
        return True

    def check_all(self, paths: Optional[Sequence[str | Path]] = None, jobs: Optional[int] = None,
                  progress: Optional[Progress] = None, cache: bool = False
                  ) -> dict[str, list[Finding]]:
        """Findings of every file under ``paths`` (default: all indexed files).

        ``jobs`` processes check files in parallel (default: the CPU count; a pool is only used
        for enough lines, and only from a single-threaded process since it forks).  ``cache``
        reuses and updates the findings stored under ``<root>/.ormlens_cache`` (see
        :mod:`analysis.index.cache`).
        """
        with self._lock, relaxed_gc():
            if paths:
                files = self.discover(paths)
                for path in files:
                    entry = self._entry(path)
                    if entry.facts is None:
                        self._load(entry)
            else:
                files = self.paths()
            keys = [self._key(p) for p in files]
            _ = self.project
            run_key = self._run_key(keys, cache)
            if self._last_run is not None and self._last_run[0] == run_key:
                # nothing the findings depend on changed since the last run: not even the
                # per-file caches need asking (each would re-validate what its check read)
                self.skipped_runs += 1
                self.cache_hits = 0
                self.last_run_parallel = False
                self.last_worker_cpu = []
                return {k: list(v) for k, v in self._last_run[1].items()}
            disk = self._disk_cache() if cache else None
            results: dict[str, list[Finding]] = {}
            todo = []
            for key in keys:
                found = disk.get(self._rel(key), self._entries[key].hash or "",
                                 self._hash_of_rel) if disk is not None else None
                if found is not None:
                    results[key] = [self._absolute(f) for f in found]
                else:
                    todo.append(key)
            self.cache_hits = len(keys) - len(todo)
            total_lines = sum(self._entries[k].facts.lines for k in todo
                              if self._entries[k].facts is not None)
            self.last_run_parallel = False
            self.last_worker_cpu = []
            computed: dict[str, tuple[list[Finding], dict[str, str]]] = {}
            if parallel.use_pool(jobs, total_lines) and len(todo) > 1:
                self.last_run_parallel = True
                computed = self._check_parallel(todo, jobs or os.cpu_count() or 1, progress,
                                                len(keys) - len(todo), len(keys))
            else:
                for number, key in enumerate(todo, 1):
                    computed[key] = self._check(key, remember=False)
                    if progress is not None:
                        progress(len(keys) - len(todo) + number, len(keys), key)
            for key, (findings, reads) in computed.items():
                results[key] = findings
                if disk is not None:
                    disk.put(self._rel(key), self._entries[key].hash or "",
                             {self._rel(p): h for p, h in reads.items()},
                             [self._relative(f) for f in findings])
            if disk is not None:
                disk.save()
            out = {k: results[k] for k in sorted(results)}
            self._last_run = (run_key, {k: list(v) for k, v in out.items()})
            return out

    def _run_key(self, keys: list[str], cache: bool) -> tuple:
        """Everything a check_all() of ``keys`` depends on: the files asked for, the text (by
        content hash) and module name of every known file (the model index, and whatever a
        check reads, come from them), read errors, configuration, rules, whether the disk
        cache is written.  The checker reads no other input: the workspace's texts change only
        through index(), set_document(), close_document() and file_changed()."""
        files = tuple((path, e.hash, e.module_name, e.is_package)
                      for path, e in sorted(self._entries.items()))
        return (tuple(keys), files, tuple(sorted(self.read_errors.items())),
                self.config.fingerprint(), tuple(id(r) for r in self.rules()), cache)

    def _check_parallel(self, keys: list[str], jobs: int, progress: Optional[Progress],
                        done: int, total: int
                        ) -> dict[str, tuple[list[Finding], dict[str, str]]]:
        project = self.project
        # modules (nearly) every file reads: parsed once here, shared by the forked workers
        for name in sorted(parallel.hubs(project)):
            path = project.module_paths[name]
            entry = self._entries.get(path)
            if entry is not None and entry.facts is not None and \
                    entry.facts.syntax_error is None and mentions_orm(entry.text or "", project):
                _ = self.module(path).module
        groups = parallel.shards(project, keys, self.module_lines, jobs)
        results: dict[str, tuple[list[Finding], dict[str, str]]] = {}
        generation = project.generation

        def store(path: str, findings: list[Finding], reads: dict[str, str]) -> None:
            nonlocal done
            results[path] = (findings, reads)
            self.rule_runs += 1            # in a worker process: counted as it arrives
            entry = self._entries[path]
            self._findings[path] = ((entry.hash, generation, self.config.fingerprint(), None),
                                    findings, reads)
            done += 1
            if progress is not None:
                progress(done, total, path)

        self.failures.extend(parallel.check_sharded(self, groups, store,
                                                    self.last_worker_cpu))
        return results

    # ------------------------------------------------------------------ the disk cache
    def _disk_cache(self) -> Optional[Any]:
        from analysis.index.cache import CACHE_DIR, FindingsCache, engine_fingerprint, \
            fingerprint

        if self.root is None:
            return None
        directory = Path(os.environ.get("ORMLENS_CACHE_DIR") or self.root / CACHE_DIR)
        # the index's facts with root-relative paths: a moved checkout keeps its cache
        facts = [e.facts for e in self._entries.values() if e.facts is not None]
        project = [(self._rel(f.path), f.index_key()[2:]) for f in
                   sorted(facts, key=lambda f: f.path)]
        return FindingsCache.load(directory, engine=engine_fingerprint(),
                                  config=fingerprint(self.config.fingerprint()),
                                  project=fingerprint(project))

    def _rel(self, path: str) -> str:
        if self.root is not None and is_under(Path(path), self.root):
            return os.path.relpath(path, self.root).replace(os.sep, "/")
        return path

    def _abs(self, rel: str) -> str:
        if self.root is not None and not os.path.isabs(rel):
            return self._key(self.root / rel)
        return rel

    def _hash_of_rel(self, rel: str) -> Optional[str]:
        path = self._abs(rel)
        if path not in self._entries and not os.path.isfile(path):
            return None
        entry = self._entry(path)
        if entry.facts is None:
            self._load(entry)
        return entry.hash

    def _relative(self, finding: Finding) -> Finding:
        return _map_paths(finding, self._rel)

    def _absolute(self, finding: Finding) -> Finding:
        return _map_paths(finding, self._abs)

    def sql_at(self, path: str | Path, line: int, column: int,
               dialects: Optional[Sequence[str]] = None) -> Any:
        """The SQL of the statement expression at the 0-based position (see analysis.preview)."""
        from analysis import preview   # noqa: PLC0415 - heavy (builds shadow models), on demand

        with relaxed_gc():
            return preview.sql_at(self, self._key(path), line, column,
                                  dialects=dialects if dialects is not None
                                  else self.config.dialects)


def _map_paths(finding: Finding, convert: Callable[[str], str]) -> Finding:
    from dataclasses import replace

    fix = finding.fix
    if fix is not None:
        fix = replace(fix, edits=tuple(replace(e, path=convert(e.path)) for e in fix.edits))
    related = tuple(replace(r, path=convert(r.path)) for r in finding.related)
    return replace(finding, path=convert(finding.path), fix=fix, related=related)


def _read_error(path: str, message: str) -> Finding:
    from analysis.findings import Position, Range

    return Finding(code="ORM000", name="syntax-error", severity="error",
                   message=f"cannot read this file: {message}", path=path,
                   range=Range(Position(0, 0), Position(0, 0)))


# GC_GEN0 and relaxed_gc: the workspace runs under them (tests read them from here)
__all__ = ["GC_GEN0", "Workspace", "mentions_orm", "relaxed_gc"]
