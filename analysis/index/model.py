"""The model index: what a project maps, as plain data read from its source.

Every class here is built by :mod:`analysis.index.builder` from the syntax of the project's modules
(nothing is imported or executed).  Positions are 0-based :class:`analysis.findings.Range` s.

Example::

    project = build_project(facts_of_every_module)
    user = project.resolve_model("User", from_module="app.views")
    user.attribute("posts").direction          # "ONETOMANY"
    user.primary_key[0].python_type            # "int"
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

from analysis.findings import Position, Range

NO_RANGE = Range(Position(0, 0), Position(0, 0))


@dataclass
class ColumnInfo:
    """A mapped column-like attribute: ``Column``, ``mapped_column``, ``column_property``, ...

    ``sql_type`` is the type class name as written (``"String"``), ``type_args`` its literal
    arguments (``(80,)``); ``python_type`` is the Python type its values have (``"str"``) or None
    when unknown.  ``foreign_keys`` hold ``"table.column"`` targets.
    """

    key: str
    name: str
    sql_type: Optional[str] = None
    type_args: tuple = ()
    python_type: Optional[str] = None
    nullable: bool = True
    primary_key: bool = False
    foreign_keys: tuple[str, ...] = ()
    deferred: bool = False
    kind: str = "column"          # "column" | "column_property" | "hybrid" | "synonym"
    range: Range = NO_RANGE
    path: str = ""
    # beyond the contract's minimum
    owner: str = ""               # qualname of the class that declares it
    unique: bool = False
    index: bool = False
    has_default: bool = False     # a Python-side or server default exists
    synonym_for: Optional[str] = None
    annotation_text: Optional[str] = None
    # a native Enum column: the only strings the database accepts are its literal labels
    # (Enum("a", "b")) or the member names of the Python enum class ``enum_class``
    enum_class: Optional[str] = None
    enum_strings: Optional[tuple] = None

    @property
    def is_relationship(self) -> bool:
        return False


@dataclass
class RelationshipInfo:
    """A ``relationship()`` (or the side a ``backref`` creates).

    ``target`` is the target as written (``"Post"``), ``target_qualname`` the resolved model
    (``"app.models.Post"``).  ``direction`` is computed from the foreign keys between the two tables
    (``"ONETOMANY"``, ``"MANYTOONE"``, ``"MANYTOMANY"``) or None when it cannot be told.
    ``uselist`` is explicit or derived from the annotation/direction (None: unknown).
    """

    key: str
    target: Optional[str] = None
    target_qualname: Optional[str] = None
    back_populates: Optional[str] = None
    backref: Optional[str] = None
    secondary: Optional[str] = None
    uselist: Optional[bool] = None
    lazy: str = "select"
    viewonly: bool = False
    order_by_text: Optional[str] = None
    direction: Optional[str] = None
    generated_from_backref: bool = False
    range: Range = NO_RANGE
    path: str = ""
    # beyond the contract's minimum
    owner: str = ""
    cascade: Optional[str] = None
    primaryjoin_text: Optional[str] = None
    secondaryjoin_text: Optional[str] = None
    foreign_keys_text: Optional[str] = None
    remote_side_text: Optional[str] = None
    collection: Optional[str] = None   # "list" | "set" | "dict" | None (from the annotation)
    mapped_kind: Optional[str] = None  # "Mapped" | "WriteOnlyMapped" | "DynamicMapped" | None
    backref_lazy: Optional[str] = None  # lazy= given inside backref("name", lazy=...)
    backref_uselist: Optional[bool] = None

    @property
    def is_relationship(self) -> bool:
        return True

    @property
    def is_collection(self) -> bool:
        """True when reading the attribute gives a collection (one-to-many / many-to-many)."""
        if self.uselist is not None:
            return self.uselist
        return self.direction in ("ONETOMANY", "MANYTOMANY")


Attribute = Union[ColumnInfo, RelationshipInfo]


@dataclass(frozen=True)
class InitSignature:
    """The keyword side of a class's own ``def __init__``.

    ``keywords`` are the parameters a keyword argument can bind (not ``self``, not positional-only
    ones); ``var_keyword`` says there is a ``**kwargs``; ``forwards`` that the method passes it on
    (``super().__init__(**kwargs)`` or ``Base.__init__(self, **kwargs)``), so that a keyword it
    does not name is checked by the next ``__init__`` of the class's MRO.

    Example: ``def __init__(self, password, **kw): super().__init__(**kw)`` gives
    ``InitSignature(owner, ("password",), True, True)``.
    """

    owner: str
    keywords: tuple[str, ...] = ()
    var_keyword: bool = False
    forwards: bool = False
    positional: int = 0        # parameters a positional argument can bind (self excluded)
    var_positional: bool = False


@dataclass
class ModelInfo:
    """A mapped class (or, in :attr:`ProjectIndex.abstract`, an abstract base or mixin).

    ``columns`` and ``relationships`` hold what the class declares itself or gets from mixins and
    abstract bases; :meth:`attribute` also finds what a mapped parent class declares.
    """

    name: str
    qualname: str
    module: str
    path: str
    tablename: Optional[str] = None
    columns: dict[str, ColumnInfo] = field(default_factory=dict)
    relationships: dict[str, RelationshipInfo] = field(default_factory=dict)
    other_attributes: set[str] = field(default_factory=set)
    bases: list[str] = field(default_factory=list)
    is_abstract: bool = False
    is_mixin: bool = False
    inherits: Optional[str] = None
    polymorphic_identity: Optional[str] = None
    flavor: str = "orm"            # "orm" | "sqlalchemy" | "flask_sqlalchemy"
    range: Range = NO_RANGE
    # beyond the contract's minimum
    base: Optional[str] = None     # the declarative base (qualname) it derives from
    table_args_text: Optional[str] = None
    unknown_bases: bool = False    # a base class outside the project and the ORM: attributes may
                                   # exist that the index cannot see
    defines_init: bool = False     # the class body defines ``__init__`` itself
    # the ``__init__`` methods a constructor call runs through, in MRO order, before the
    # declarative default constructor (which accepts the class's attributes as keywords): ()
    # when the default constructor is the class's; None when the index cannot tell (an
    # ``__init__`` assigned, a class decorator, a dataclass, a base outside the project)
    constructor: Optional[tuple[InitSignature, ...]] = ()
    # ``__table_args__`` (or the mapped ``Table``) holds foreign-key constraints the index could
    # not read: the class's foreign keys are not all known
    unread_foreign_keys: bool = False
    parent: Optional["ModelInfo"] = field(default=None, repr=False, compare=False)

    def attribute(self, key: str) -> Optional[Attribute]:
        """The column or relationship ``key`` of this class, its mixins or its mapped parents.

        Example: ``index.models["app.models.Admin"].attribute("email")`` finds the column that the
        mapped parent ``User`` declares.
        """
        seen = 0
        model: Optional[ModelInfo] = self
        while model is not None and seen < 50:
            if key in model.columns:
                return model.columns[key]
            if key in model.relationships:
                return model.relationships[key]
            model = model.parent
            seen += 1
        return None

    def has_attribute(self, key: str) -> bool:
        """True for any attribute the class has: mapped ones, methods, properties, hybrids."""
        if self.attribute(key) is not None:
            return True
        model: Optional[ModelInfo] = self
        seen = 0
        while model is not None and seen < 50:
            if key in model.other_attributes:
                return True
            model = model.parent
            seen += 1
        return False

    def all_columns(self) -> dict[str, ColumnInfo]:
        """Columns including those of mapped parents (the subclass's own win)."""
        chain = list(self.ancestors())
        out: dict[str, ColumnInfo] = {}
        for model in reversed(chain):
            out.update(model.columns)
        return out

    def all_relationships(self) -> dict[str, RelationshipInfo]:
        chain = list(self.ancestors())
        out: dict[str, RelationshipInfo] = {}
        for model in reversed(chain):
            out.update(model.relationships)
        return out

    def ancestors(self) -> Iterator["ModelInfo"]:
        """This model, then its mapped parent, grandparent, ..."""
        model: Optional[ModelInfo] = self
        seen = 0
        while model is not None and seen < 50:
            yield model
            model = model.parent
            seen += 1

    def constructor_verdict(self, keyword: str) -> str:
        """How ``Model(keyword=...)`` fares with the class's constructor.

        ``"accepted"`` (an ``__init__`` parameter takes it), ``"rejected"`` (an ``__init__``
        without ``**kwargs`` does not: ``TypeError``), ``"default"`` (it reaches the declarative
        default constructor, which accepts the class's attributes only) or ``"unknown"``.

        Example: with ``def __init__(self, name): ...``, ``constructor_verdict("email")`` is
        ``"rejected"``; on a class without ``__init__`` it is ``"default"``.
        """
        if self.constructor is None:
            return "unknown"
        for signature in self.constructor:
            if keyword in signature.keywords:
                return "accepted"
            if not signature.var_keyword:
                return "rejected"
            if not signature.forwards:
                return "unknown"        # **kwargs used some other way (setattr, a dict, ...)
        return "default"

    @property
    def primary_key(self) -> list[ColumnInfo]:
        own = [c for c in self.columns.values() if c.primary_key]
        if own:
            return own
        return [c for c in self.all_columns().values() if c.primary_key]


@dataclass
class TableInfo:
    """A ``Table(...)`` object (association tables), or the table of a mapped class."""

    name: str
    qualname_of_variable: Optional[str]
    columns: dict[str, ColumnInfo] = field(default_factory=dict)
    path: str = ""
    range: Range = NO_RANGE
    model: Optional[str] = None    # qualname of the mapped class owning it, when there is one
    unread_foreign_keys: bool = False   # a foreign-key constraint the index could not read

    @property
    def primary_key(self) -> list[ColumnInfo]:
        return [c for c in self.columns.values() if c.primary_key]


@dataclass
class ProjectIndex:
    """Every mapped class and table of a project.

    Example::

        index.models["app.models.User"].tablename          # "users"
        index.model_by_tablename("users").name              # "User"
        index.resolve_model("User", "app.views")            # through app.views' imports
        index.resolve_model('"Post"', "app.models")         # strings as relationship() takes
    """

    models: dict[str, ModelInfo] = field(default_factory=dict)
    tables: dict[str, TableInfo] = field(default_factory=dict)
    abstract: dict[str, ModelInfo] = field(default_factory=dict)   # abstract bases and mixins
    bases: dict[str, str] = field(default_factory=dict)    # declarative base qualname -> flavor
    flask_dbs: set[str] = field(default_factory=set)       # qualnames of SQLAlchemy() objects
    enums: set[str] = field(default_factory=set)           # project classes deriving from Enum
    # enum class -> the names of its members (classes whose members are all plain assignments)
    enum_members: dict[str, tuple] = field(default_factory=dict)
    # some module configures expire_on_commit: commit() may keep objects loaded
    expire_on_commit_configured: bool = False
    generation: int = 0
    # module name -> {local name: qualified target} (imports) and defined top-level names
    module_imports: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    module_defs: dict[str, set[str]] = field(default_factory=dict, repr=False)
    module_paths: dict[str, str] = field(default_factory=dict, repr=False)
    # module name -> {NAME: Python type} of its module-level `NAME = <literal>` constants
    module_constants: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # set by the workspace: module name -> its parsed ModuleInfo (cached), for the flow
        # inference to read helpers and model methods of other modules
        self.module_loader = None
        self._by_name: dict[str, list[ModelInfo]] = {}
        self._by_table: dict[str, ModelInfo] = {}
        self.reindex()

    def reindex(self) -> None:
        """Recompute the lookup tables after ``models`` changed."""
        self._by_name = {}
        self._by_table = {}
        for model in self.models.values():
            self._by_name.setdefault(model.name, []).append(model)
            # the first class mapping a table owns it (single-table subclasses share it)
            if model.tablename and (model.tablename not in self._by_table
                                    or model.inherits is None):
                self._by_table.setdefault(model.tablename, model)
                if model.inherits is None:
                    self._by_table[model.tablename] = model

    def models_named(self, name: str) -> list[ModelInfo]:
        """Every mapped class whose class name is ``name`` (there can be several)."""
        return list(self._by_name.get(name, ()))

    def model_by_tablename(self, name: str) -> Optional[ModelInfo]:
        return self._by_table.get(name)

    def resolve_symbol(self, dotted: str) -> str:
        """Follow re-exports: ``"app.User"`` -> ``"app.models.User"`` when app imports it."""
        seen: set[str] = set()
        while dotted not in seen and len(seen) < 30:
            seen.add(dotted)
            parts = dotted.split(".")
            moved = False
            for cut in range(len(parts) - 1, 0, -1):
                module = ".".join(parts[:cut])
                if module in self.module_imports:
                    head, rest = parts[cut], parts[cut + 1:]
                    imports = self.module_imports[module]
                    if head in imports and head not in self.module_defs.get(module, ()):
                        dotted = ".".join([imports[head], *rest])
                        moved = True
                    break
            if not moved:
                break
        return dotted

    def resolve_model(self, name_or_dotted: str, from_module: Optional[str] = None
                      ) -> Optional[ModelInfo]:
        """The mapped class a name refers to, seen from module ``from_module``.

        Accepts a plain name (``"User"``), a dotted path (``"app.models.User"``), a name through a
        module alias (``"models.User"``), or the string form relationship() accepts (quotes are
        stripped).  Falls back to a project-wide unique class name, as SQLAlchemy's registry does
        for strings.
        """
        name = name_or_dotted.strip().strip("'\"")
        if not name:
            return None
        if name in self.models:
            return self.models[name]
        if from_module is not None:
            head, _, rest = name.partition(".")
            imports = self.module_imports.get(from_module, {})
            candidates = []
            if head in self.module_defs.get(from_module, ()):
                candidates.append(f"{from_module}.{name}")
            if head in imports:
                candidates.append(imports[head] + ("." + rest if rest else ""))
            for candidate in candidates:
                resolved = self.resolve_symbol(candidate)
                if resolved in self.models:
                    return self.models[resolved]
        resolved = self.resolve_symbol(name)
        if resolved in self.models:
            return self.models[resolved]
        short = name.rsplit(".", 1)[-1]
        found = self._by_name.get(short, [])
        if len(found) == 1:
            return found[0]
        if found and from_module is not None:
            # several classes of that name: prefer the one of the same module, then the same package
            same = [m for m in found if m.module == from_module]
            if len(same) == 1:
                return same[0]
            package = from_module.rpartition(".")[0]
            near = [m for m in found if m.module.rpartition(".")[0] == package]
            if len(near) == 1:
                return near[0]
        return None

    def table(self, name: str) -> Optional[TableInfo]:
        return self.tables.get(name)

    def relationship_target(self, rel: RelationshipInfo) -> Optional[ModelInfo]:
        return self.models.get(rel.target_qualname) if rel.target_qualname else None


__all__ = ["Attribute", "ColumnInfo", "InitSignature", "ModelInfo", "NO_RANGE", "ProjectIndex",
           "RelationshipInfo", "TableInfo"]
