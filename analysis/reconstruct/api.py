"""The whitelist: which ``orm`` constructors, methods and attributes a preview may use.

Everything a statement expression calls must be listed here; anything else ends the preview
(no guess).  Each entry says how its arguments treat a value only known at run time
(:class:`~analysis.reconstruct.values.Dynamic`):

* ``VALUE``: it becomes a bound parameter named after its source (``users.id = :user_id``);
* ``EXPANDING``: the same, as an expanding ``IN`` parameter (``IN (__[POSTCOMPILE_ids])``);
* ``MARKER``: kept as a Python value (``session.get(User, user_id)`` binds ``pk_1``);
* ``STRICT``: not allowed (a dynamic entity, criterion or ORDER BY cannot be previewed).

Names are the canonical names of :mod:`analysis.index.names` (``orm.select`` for
``sqlalchemy.select``, ``sqlalchemy.sql.expression.select``, ``db.select`` ...).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Optional

VALUE = "value"
EXPANDING = "expanding"
STRICT = "strict"
MARKER = "marker"      # kept as a Python value (a DynamicValue stand-in), as the runtime binds it


@dataclass(frozen=True)
class Spec:
    """How a callable's arguments are prepared: ``positional`` modes (the last one repeats),
    ``keywords`` (name -> mode), ``other_keywords`` (mode of unlisted keywords; None: refused)."""

    positional: tuple[str, ...] = (STRICT,)
    keywords: dict[str, str] = field(default_factory=dict)
    other_keywords: Optional[str] = None

    def mode(self, index: int) -> str:
        if not self.positional:
            return STRICT
        return self.positional[min(index, len(self.positional) - 1)]

    def keyword_mode(self, name: str) -> Optional[str]:
        return self.keywords.get(name, self.other_keywords)


S = Spec()
V = Spec((VALUE,))
NONE = Spec(())

# -------------------------------------------------------------------- module-level constructors
# canonical name -> (where the callable lives, spec)
_LOADER_KW = {"innerjoin": STRICT, "recursion_depth": STRICT, "raiseload": STRICT,
              "sql_only": STRICT, "alias": STRICT}
FUNCTIONS: dict[str, tuple[str, Spec]] = {
    "orm.select": ("orm:select", S),
    "orm.insert": ("orm:insert", S),
    "orm.update": ("orm:update", S),
    "orm.delete": ("orm:delete", S),
    "orm.dialects.postgresql.insert": ("orm.dialects.postgresql:insert", S),
    "orm.dialects.sqlite.insert": ("orm.dialects.sqlite:insert", S),
    "orm.dialects.mysql.insert": ("orm.dialects.mysql:insert", S),
    "orm.aliased": ("orm:aliased", Spec((STRICT,), {"name": STRICT, "flat": STRICT,
                                                     "adapt_on_names": STRICT})),
    "orm.and_": ("orm:and_", S),
    "orm.or_": ("orm:or_", S),
    "orm.not_": ("orm:not_", S),
    "orm.desc": ("orm:desc", S),
    "orm.asc": ("orm:asc", S),
    "orm.nulls_first": ("orm.sql:nulls_first", S),
    "orm.nulls_last": ("orm.sql:nulls_last", S),
    "orm.nullsfirst": ("orm.sql:nulls_first", S),
    "orm.nullslast": ("orm.sql:nulls_last", S),
    "orm.distinct": ("orm.sql:distinct", S),
    "orm.literal": ("orm:literal", Spec((VALUE, STRICT), {"type_": STRICT})),
    "orm.literal_column": ("orm:literal_column", S),
    "orm.text": ("orm:text", S),
    "orm.column": ("orm:column", Spec((STRICT,), {"type_": STRICT})),
    "orm.table": ("orm:table", Spec((STRICT,), {"schema": STRICT})),
    "orm.bindparam": ("orm:bindparam", Spec((STRICT, VALUE), {"value": VALUE, "type_": STRICT,
                                                               "expanding": STRICT,
                                                               "unique": STRICT})),
    "orm.case": ("orm:case", Spec((VALUE,), {"else_": VALUE, "value": STRICT})),
    "orm.cast": ("orm:cast", Spec((VALUE, STRICT))),
    "orm.type_coerce": ("orm:type_coerce", Spec((VALUE, STRICT))),
    "orm.exists": ("orm:exists", S),
    "orm.union": ("orm:union", S),
    "orm.union_all": ("orm:union_all", S),
    "orm.intersect": ("orm.sql:intersect", S),
    "orm.intersect_all": ("orm.sql:intersect_all", S),
    "orm.except_": ("orm.sql:except_", S),
    "orm.except_all": ("orm.sql:except_all", S),
    "orm.tuple_": ("orm:tuple_", V),
    "orm.null": ("orm:null", NONE),
    "orm.true": ("orm:true", NONE),
    "orm.false": ("orm:false", NONE),
    "orm.between": ("orm.sql:between", Spec((STRICT, VALUE, VALUE), {"symmetric": STRICT})),
    "orm.extract": ("orm.sql:extract", S),
    "orm.over": ("orm.sql:over", Spec((STRICT,), other_keywords=STRICT)),
    "orm.within_group": ("orm.sql:within_group", S),
    "orm.funcfilter": ("orm.sql:funcfilter", S),
    "orm.collate": ("orm.sql:collate", S),
    "orm.any_": ("orm.sql:any_", S),
    "orm.all_": ("orm.sql:all_", S),
    "orm.join": ("orm:join", Spec((STRICT,), {"isouter": STRICT, "full": STRICT})),
    "orm.outerjoin": ("orm:outerjoin", Spec((STRICT,), {"full": STRICT})),
    "orm.lateral": ("orm.sql:lateral", S),
    "orm.alias": ("orm:alias", S),
    # loader options (orm or, until it exports them, the session package)
    **{f"orm.{name}": (f"orm:{name}|orm.session.strategy_options:{name}",
                       Spec((STRICT,), _LOADER_KW))
       for name in ("selectinload", "joinedload", "subqueryload", "lazyload", "raiseload",
                    "noload", "immediateload", "contains_eager", "defaultload", "load_only",
                    "defer", "undefer", "undefer_group", "selectin_polymorphic")},
    "orm.Load": ("orm:Load|orm.session.strategy_options:Load", S),
}

# values of the API used without a call (``func.count``, ``LABEL_STYLE_...``)
VALUES: dict[str, str] = {
    "orm.func": "orm:func",
    "orm.LABEL_STYLE_TABLENAME_PLUS_COL": "orm:LABEL_STYLE_TABLENAME_PLUS_COL",
    "orm.LABEL_STYLE_DISAMBIGUATE_ONLY": "orm:LABEL_STYLE_DISAMBIGUATE_ONLY",
    "orm.LABEL_STYLE_NONE": "orm:LABEL_STYLE_NONE",
    "orm.LABEL_STYLE_DEFAULT": "orm:LABEL_STYLE_DEFAULT",
}

# SQL type classes (cast targets): looked up in these modules by their last name part
TYPE_MODULES = ("orm.types", "orm.dialects.postgresql", "orm.dialects.mysql",
                "orm.dialects.sqlite")

# -------------------------------------------------------------------- methods of orm objects
_STRICT_METHODS = (
    "where", "filter", "join", "outerjoin", "join_from", "outerjoin_from", "select_from",
    "order_by", "group_by", "having", "options", "returning", "add_columns", "with_only_columns",
    "correlate", "correlate_except", "union", "union_all", "except_", "except_all", "intersect",
    "intersect_all", "of_type", "and_", "desc", "asc", "nulls_first", "nulls_last", "nullsfirst",
    "nullslast", "distinct", "subquery", "alias", "cte", "scalar_subquery", "as_scalar", "exists",
    "label", "lateral", "set_label_style", "execution_options", "with_for_update", "prefix_with",
    "suffix_with", "within_group", "collate", "cast", "op", "bool_op", "self_group",
    "from_select", "return_defaults", "inline", "on_conflict_do_nothing", "selectinload",
    "joinedload", "subqueryload", "lazyload", "raiseload", "noload", "immediateload",
    "contains_eager", "defaultload", "load_only", "defer", "undefer", "undefer_group",
    "with_hint", "over", "column", "select", "insert", "update", "delete",
)
_VALUE_METHODS = (
    "limit", "offset", "fetch", "slice", "like", "ilike", "not_like", "notlike", "not_ilike",
    "notilike", "startswith", "endswith", "contains", "icontains", "istartswith", "iendswith",
    "is_", "is_not", "isnot", "is_distinct_from", "is_not_distinct_from",
    "isnot_distinct_from", "between", "match", "regexp_match", "regexp_replace", "concat",
    "bitwise_and", "bitwise_or", "bitwise_xor", "__getitem__", "as_string", "as_integer",
    "as_float", "as_boolean", "as_numeric", "as_json", "params", "values", "ordered_values",
    "filter_by", "on_duplicate_key_update", "any", "has", "contained_by", "has_key",
    "has_all", "has_any", "overlap",
)
METHODS: dict[str, Spec] = {name: S for name in _STRICT_METHODS}
METHODS.update({name: Spec((VALUE,), other_keywords=VALUE) for name in _VALUE_METHODS})
METHODS.update({
    "in_": Spec((EXPANDING,)),
    "not_in": Spec((EXPANDING,)),
    "notin_": Spec((EXPANDING,)),
    "between": Spec((VALUE, VALUE), {"symmetric": STRICT}),
    "any": Spec((STRICT,), other_keywords=VALUE),
    "has": Spec((STRICT,), other_keywords=VALUE),
    "over": Spec((STRICT,), other_keywords=STRICT),
    "cte": Spec((STRICT,), {"name": STRICT, "recursive": STRICT, "nesting": STRICT}),
    "subquery": Spec((STRICT,), {"name": STRICT}),
    "alias": Spec((STRICT,), {"name": STRICT, "flat": STRICT}),
    "join": Spec((STRICT,), {"isouter": STRICT, "full": STRICT, "onclause": STRICT}),
    "outerjoin": Spec((STRICT,), {"full": STRICT, "onclause": STRICT}),
    "join_from": Spec((STRICT,), {"isouter": STRICT, "full": STRICT, "onclause": STRICT}),
    "with_for_update": Spec((STRICT,), other_keywords=STRICT),
    "execution_options": Spec((STRICT,), other_keywords=STRICT),
    "returning": Spec((STRICT,), other_keywords=STRICT),
    "on_conflict_do_update": Spec((STRICT,), {"index_elements": STRICT, "constraint": STRICT,
                                              "index_where": STRICT, "set_": VALUE,
                                              "where": STRICT}),
    "on_conflict_do_nothing": Spec((STRICT,), {"index_elements": STRICT, "constraint": STRICT,
                                               "index_where": STRICT}),
    "distinct": S,
    "label": S,
    "set_label_style": S,
    "values": Spec((VALUE,), other_keywords=VALUE),
})

# attributes readable without a call on orm objects (mapped class attributes are checked
# against the index separately)
ATTRIBUTES = frozenset({"c", "columns", "selected_columns", "excluded", "astext", "inserted"})


# -------------------------------------------------------------------- lookup
_resolved: dict[str, Any] = {}
_MISSING = object()


def load(where: str) -> Any:
    """The object at ``"module:name"`` (alternatives separated by ``|``); None when absent."""
    got = _resolved.get(where, _MISSING)
    if got is not _MISSING:
        return got
    value = None
    for alternative in where.split("|"):
        module_name, _, attr = alternative.partition(":")
        if module_name != "orm" and not module_name.startswith("orm."):
            continue    # only the runtime's own modules, never anything a user names
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        value = getattr(module, attr, None)
        if value is not None:
            break
    _resolved[where] = value
    return value


def function(canonical: str) -> Optional[tuple[Any, Spec]]:
    """The whitelisted callable named ``canonical`` with its spec, or None."""
    entry = FUNCTIONS.get(canonical)
    if entry is None:
        return None
    fn = load(entry[0])
    return (fn, entry[1]) if fn is not None else None


def value(canonical: str) -> Any:
    """The whitelisted non-callable API value named ``canonical`` (``orm.func``), or None."""
    where = VALUES.get(canonical)
    return load(where) if where else None


def is_sql_type(value: Any) -> bool:
    """True for a SQL type class of the runtime (``Integer``, ``postgresql.JSONB``)."""
    base = load("orm.types:TypeEngine")
    return isinstance(value, type) and base is not None and issubclass(value, base)


def sql_type(canonical: str) -> Optional[type]:
    """The SQL type class named by ``canonical`` (``orm.Integer``, ``orm.types.String``,
    ``orm.dialects.postgresql.JSONB``), or None."""
    if not canonical.startswith("orm."):
        return None
    name = canonical.rpartition(".")[2]
    if not name[:1].isupper():
        return None
    base = load("orm.types:TypeEngine")
    for module in TYPE_MODULES:
        klass = load(f"{module}:{name}")
        if isinstance(klass, type) and base is not None and issubclass(klass, base):
            return klass
    return None


__all__ = ["ATTRIBUTES", "EXPANDING", "FUNCTIONS", "MARKER", "METHODS", "STRICT", "Spec", "VALUE",
           "function", "load", "sql_type", "value"]
