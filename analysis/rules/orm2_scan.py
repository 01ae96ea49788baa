"""One pass over a module for the ORM2/ORM3/ORM4 rules: scopes, bindings, calls, comparisons.

Not a rule: the shared groundwork of the query rules.  :func:`module_scan` walks the libcst tree
once (iteratively: deep nesting cannot overflow the stack), records every call, comparison and
attribute with the scope it appears in, and what each scope binds.  On top of that, the scan
answers the questions the rules ask: which mapped class a name refers to (``User``, an
``aliased(User)`` variable), which mapped attribute ``User.name`` is, what Python type a value
has (through :mod:`analysis.typesys`), which ORM API a callee is.

Example::

    scan = module_scan(ctx)                       # cached in ctx.shared
    for call, scope in scan.calls:
        if scan.orm_name(call.func, scope) == "orm.selectinload": ...
        ref = scan.attribute_ref(call.args[0].value, scope)   # AttrRef(User, "name", ColumnInfo)
        scan.value_type(node, scope)                           # ValueType or None
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Optional, Union

import libcst as cst

from analysis.index.model import Attribute, ColumnInfo, ModelInfo
from analysis.index.names import dotted_name, resolve_dotted
from analysis.index.tree import children
from analysis.typesys import TypeReader, ValueType

if TYPE_CHECKING:
    from analysis.rules.base import RuleContext

SCAN_KEY = "orm2.scan"
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
_COMPREHENSION_TYPES = frozenset(_COMPREHENSIONS)
# nodes without children a rule looks at (children() is the walk's main cost)
_LEAVES = frozenset({cst.Name, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString,
                     cst.Ellipsis, cst.Pass, cst.Break, cst.Continue, cst.FormattedStringText,
                     cst.Newline, cst.Comment, cst.EmptyLine, cst.TrailingWhitespace})
# nodes whose parent the rules ask for
_PARENTED = frozenset({cst.Call, cst.Arg, cst.Attribute})
# node types _record looks at (exact types: isinstance against libcst's ABCs is slow)
_RECORDED = frozenset({cst.Call, cst.Comparison, cst.Attribute, cst.Name, cst.Assign,
                       cst.AnnAssign, cst.AugAssign, cst.For, cst.WithItem, cst.ExceptHandler,
                       cst.NamedExpr, cst.Import, cst.ImportFrom, cst.Global, cst.Nonlocal,
                       cst.Del, cst.MatchAs, cst.MatchStar})
_BUILTINS = frozenset({"int", "float", "str", "bool", "bytes", "len", "repr", "ord", "chr",
                       "hex", "oct", "bin", "list", "tuple", "set", "frozenset", "dict", "None"})


@dataclass
class Binding:
    """One way a scope binds a name: ``kind`` is ``assign`` (``value`` set), ``annassign``
    (``annotation``, maybe ``value``), ``param`` (``annotation``, ``default``), ``import``
    (``target`` dotted), ``def``/``class``, or ``other`` (loop targets, ``with ... as``, augmented
    assignments, unpacking: values the scan does not follow)."""

    kind: str
    value: Optional[cst.BaseExpression] = None
    annotation: Optional[cst.BaseExpression] = None
    target: Optional[str] = None
    node: Optional[cst.CSTNode] = None


@dataclass(eq=False)
class Scope:
    kind: str                       # "module" | "function" | "class" | "lambda" | "comprehension"
    node: cst.CSTNode
    parent: Optional["Scope"] = None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    declared_global: set[str] = field(default_factory=set)

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)


@dataclass(frozen=True)
class EntityRef:
    """A mapped class used as an expression: ``User``, or an ``aliased(User)`` variable."""

    model: ModelInfo
    alias: Optional[str] = None     # the variable name of an aliased() entity

    @property
    def label(self) -> str:
        return self.alias or self.model.name


@dataclass(frozen=True)
class AttrRef:
    """``Entity.key``: the attribute (column, relationship) or None when the class lacks it."""

    entity: EntityRef
    key: str
    attribute: Optional[Attribute]

    @property
    def column(self) -> Optional[ColumnInfo]:
        return self.attribute if isinstance(self.attribute, ColumnInfo) else None

    @property
    def text(self) -> str:
        return f"{self.entity.label}.{self.key}"


class ModuleScan:
    """The scan of one module (see the module docstring)."""

    def __init__(self, ctx: "RuleContext") -> None:
        self.ctx = ctx
        self.info = ctx.module
        self.project = ctx.project
        self.module_scope = Scope("module", ctx.module.module)
        self.calls: list[tuple[cst.Call, Scope]] = []
        self.comparisons: list[tuple[cst.Comparison, Scope]] = []
        self.attributes: list[tuple[cst.Attribute, Scope]] = []
        self.stored: set[int] = set()           # ids of Attribute/Name nodes assigned to
        self.name_loads: dict[str, list[tuple[cst.Name, Scope]]] = {}
        self.iterated: list[tuple[cst.BaseExpression, Scope]] = []   # for-loop iterables
        self.parents: dict[int, cst.CSTNode] = {}
        self.memo: dict[str, dict] = {}         # results other helpers compute once per module
        # id(node) -> (node, ...) : the node is kept so that its id cannot be reused
        self._orm_names: dict[int, tuple] = {}
        self._entities: dict[int, tuple] = {}
        self._walk()

    # ------------------------------------------------------------------ the walk
    def _walk(self) -> None:
        stack: list[tuple[Any, Scope, Optional[cst.CSTNode]]] = [
            (self.info.module, self.module_scope, None)]
        parents = self.parents
        record = self._record
        while stack:
            node, scope, parent = stack.pop()
            kind = type(node)
            if kind in _LEAVES:
                if kind is cst.Name:
                    record(node, scope, kind)
                continue
            if parent is not None and kind in _PARENTED:
                parents[id(node)] = parent
            inner = scope
            if kind is cst.FunctionDef or kind is cst.ClassDef:
                is_function = kind is cst.FunctionDef
                scope.bind(node.name.value, Binding("def" if is_function else "class",
                                                    node=node))
                inner = Scope("function" if is_function else "class", node, scope)
                if is_function:
                    self._bind_params(node.params, inner)
                    # decorators, defaults and annotations belong to the enclosing scope
                    outer_parts: list[cst.CSTNode] = list(node.decorators)
                    outer_parts += _param_outer_parts(node.params)
                    if node.returns is not None:
                        outer_parts.append(node.returns)
                else:
                    outer_parts = [*node.decorators, *node.bases, *node.keywords]
                for part in reversed(outer_parts):
                    stack.append((part, scope, node))
                stack.append((node.body, inner, node))
                continue
            if kind is cst.Lambda:
                inner = Scope("lambda", node, scope)
                self._bind_params(node.params, inner)
                for part in reversed(_param_outer_parts(node.params)):
                    stack.append((part, scope, node))
                stack.append((node.body, inner, node))
                continue
            if kind in _COMPREHENSION_TYPES:
                inner = Scope("comprehension", node, scope)
                self._bind_comprehension(node, inner)
            elif kind in _RECORDED:
                record(node, scope, kind)
            below = children(node)
            for child in reversed(below):
                stack.append((child, inner, node))

    def _bind_params(self, params: cst.Parameters, scope: Scope) -> None:
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        for param in every:
            annotation = param.annotation.annotation if param.annotation is not None else None
            scope.bind(param.name.value, Binding("param", annotation=annotation,
                                                 value=param.default, node=param))
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                scope.bind(star.name.value, Binding("other", node=star))

    def _bind_comprehension(self, node: cst.CSTNode, scope: Scope) -> None:
        comp = getattr(node, "for_in", None)
        if isinstance(comp, cst.CompFor):
            # the first iterable is evaluated in the enclosing scope
            self.iterated.append((comp.iter, scope.parent or scope))
        while isinstance(comp, cst.CompFor):
            for name_node in _name_nodes_in_target(comp.target):
                self.stored.add(id(name_node))
                scope.bind(name_node.value, Binding("other", node=comp))
            comp = comp.inner_for_in

    def _record(self, node: Any, scope: Scope, kind: type) -> None:
        if kind is cst.Call:
            self.calls.append((node, scope))
        elif kind is cst.Comparison:
            self.comparisons.append((node, scope))
        elif kind is cst.Attribute:
            self.attributes.append((node, scope))
        elif kind is cst.Name:
            if id(node) not in self.stored:
                self.name_loads.setdefault(node.value, []).append((node, scope))
        elif isinstance(node, cst.Assign):
            single = len(node.targets) >= 1
            for target in node.targets:
                self._bind_target(target.target, scope, node, node.value if single else None)
        elif isinstance(node, cst.AnnAssign):
            if isinstance(node.target, cst.Name):
                scope.bind(node.target.value, Binding("annassign", value=node.value,
                                                      annotation=node.annotation.annotation,
                                                      node=node))
            else:
                self._bind_target(node.target, scope, node, None)
        elif isinstance(node, cst.AugAssign):
            self._bind_target(node.target, scope, node, None)
        elif kind is cst.For:
            self._bind_target(node.target, scope, node, None)
            self.iterated.append((node.iter, scope))
        elif isinstance(node, cst.WithItem):
            if node.asname is not None:
                self._bind_target(node.asname.name, scope, node, None)
        elif isinstance(node, cst.ExceptHandler):
            if node.name is not None:
                self._bind_target(node.name.name, scope, node, None)
        elif isinstance(node, cst.NamedExpr):
            target_scope = scope
            while target_scope.kind == "comprehension" and target_scope.parent is not None:
                target_scope = target_scope.parent
            self._bind_target(node.target, target_scope, node, None)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            self._bind_import(node, scope)
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            for item in node.names:
                scope.declared_global.add(item.name.value)
        elif isinstance(node, cst.Del):
            self._bind_target(node.target, scope, node, None)
        elif isinstance(node, (cst.MatchAs, cst.MatchStar)):
            if node.name is not None:
                scope.bind(node.name.value, Binding("other", node=node))

    def _bind_target(self, target: cst.BaseExpression, scope: Scope, node: cst.CSTNode,
                     value: Optional[cst.BaseExpression]) -> None:
        if isinstance(target, cst.Name):
            self.stored.add(id(target))
            if value is not None:
                scope.bind(target.value, Binding("assign", value=value, node=node))
            else:
                scope.bind(target.value, Binding("other", node=node))
            return
        if isinstance(target, (cst.Attribute, cst.Subscript)):
            self.stored.add(id(target))
            return
        for name_node in _name_nodes_in_target(target):
            self.stored.add(id(name_node))
            scope.bind(name_node.value, Binding("other", node=node))

    def _bind_import(self, node: Union[cst.Import, cst.ImportFrom], scope: Scope) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            else:
                dotted = dotted_name(alias.name) or ""
                local = dotted.split(".")[0]
                if isinstance(node, cst.ImportFrom):
                    local = dotted
            target = self.info.imports.get(local) if scope.kind == "module" else None
            scope.bind(local, Binding("import", target=target, node=node))

    # ------------------------------------------------------------------ names
    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.parents.get(id(node))

    def lookup(self, name: str, scope: Scope) -> tuple[Optional[Scope], list[Binding]]:
        """The scope that binds ``name`` as seen from ``scope``, and its bindings."""
        current: Optional[Scope] = scope
        if name in scope.declared_global:
            current = self.module_scope
        first = True
        while current is not None:
            if (first or current.kind != "class") and name in current.bindings:
                return current, current.bindings[name]
            first = False
            current = current.parent
        return None, []

    def is_local(self, name: str, scope: Scope) -> bool:
        """True when a function/lambda/comprehension scope (not the module) binds ``name``."""
        owner, _ = self.lookup(name, scope)
        return owner is not None and owner.kind != "module"

    def single_value(self, name: str, scope: Scope) -> Optional[cst.BaseExpression]:
        """The expression a name holds when it is bound exactly once, by ``name = value``."""
        owner, bindings = self.lookup(name, scope)
        if owner is None or len(bindings) != 1 or name in owner.declared_global:
            return None
        binding = bindings[0]
        if binding.kind in ("assign", "annassign") and binding.value is not None:
            return binding.value
        return None

    def qualify(self, dotted: str, scope: Scope) -> Optional[str]:
        """The qualified name of a dotted name as written (``date`` -> ``datetime.date``).

        Builtins and names no scope binds stay as written; a name a function binds (a local
        variable) gives None.
        """
        head, _, rest = dotted.partition(".")
        owner, bindings = self.lookup(head, scope)
        if owner is None:
            if head in self.info.imports:        # star imports the scan cannot see
                return _join(self.info.imports[head], rest)
            if head in self.info.defs:           # a definition a sparse tree left out
                return f"{self.info.module_name}.{dotted}"
            return dotted
        if owner.kind != "module":
            return None
        if len(bindings) == 1 and bindings[0].kind == "import":
            target = bindings[0].target or self.info.imports.get(head)
            return _join(target, rest) if target else None
        if all(b.kind in ("def", "class") for b in bindings):
            return f"{self.info.module_name}.{dotted}"
        return None

    def orm_name(self, node: cst.BaseExpression, scope: Scope) -> Optional[str]:
        """The canonical ORM name a callee refers to (``orm.select``), or None."""
        memo = self._orm_names
        found = memo.get(id(node))
        if found is not None and found[0] is node:
            return found[1]
        name = self._orm_name(node, scope)
        memo[id(node)] = (node, name)
        return name

    def _orm_name(self, node: cst.BaseExpression, scope: Scope) -> Optional[str]:
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head = dotted.split(".")[0]
        if self.is_local(head, scope):
            return None
        project = self.project
        name = resolve_dotted(dotted, self.info.module_name, self.info.imports, self.info.defs,
                              project.flask_dbs, project.resolve_symbol)
        return name

    # ------------------------------------------------------------------ entities
    def entity(self, node: cst.BaseExpression, scope: Scope, depth: int = 0
               ) -> Optional[EntityRef]:
        """The mapped class ``node`` names (``User``, ``models.User``, an aliased variable)."""
        memo = self._entities
        found = memo.get(id(node))
        if found is not None and found[0] is node and found[1] is scope:
            return found[2]
        entity = self._entity(node, scope, depth)
        memo[id(node)] = (node, scope, entity)
        return entity

    def _entity(self, node: cst.BaseExpression, scope: Scope, depth: int
                ) -> Optional[EntityRef]:
        dotted = dotted_name(node)
        if dotted is None or depth > 4:
            return None
        head = dotted.split(".")[0]
        owner, bindings = self.lookup(head, scope)
        if owner is not None and (owner.kind != "module" or bindings[0].kind in
                                  ("assign", "annassign")):
            if "." in dotted:
                return None
            value = self.single_value(head, scope)
            if isinstance(value, cst.Call) and self.orm_name(value.func, scope) == "orm.aliased" \
                    and value.args and value.args[0].keyword is None:
                target = self.entity(value.args[0].value, owner, depth + 1)
                if target is not None:
                    return EntityRef(target.model, alias=head)
            return None
        model = self._model_named(dotted, owner, bindings)
        if model is None or model.is_abstract:
            return None
        return EntityRef(model)

    def _model_named(self, dotted: str, owner: Optional[Scope], bindings: list[Binding]
                     ) -> Optional[ModelInfo]:
        """The mapped class a module-level dotted name is, through the module's own bindings
        only (an imported ``Message`` from a mail library is not the project's ``Message``)."""
        head, _, rest = dotted.partition(".")
        project = self.project
        if owner is None and head in self.info.defs and head not in self.info.imports:
            # a class of this module that the (sparse) tree left out: the facts know it
            return project.models.get(f"{self.info.module_name}.{dotted}")
        if owner is None or all(b.kind == "import" for b in bindings):
            target = self.info.imports.get(head)
            if target is None and owner is not None:
                target = next((b.target for b in bindings if b.target), None)
            if target is None:
                return None
            qualified = project.resolve_symbol(_join(target, rest))
            return project.models.get(qualified)
        if all(b.kind == "class" for b in bindings):
            return project.models.get(f"{self.info.module_name}.{dotted}")
        return None

    def attribute_ref(self, node: cst.BaseExpression, scope: Scope) -> Optional[AttrRef]:
        """``User.name`` -> AttrRef(User, "name", ColumnInfo); None unless the owner is mapped."""
        if not isinstance(node, cst.Attribute):
            return None
        entity = self.entity(node.value, scope)
        if entity is None:
            return None
        key = node.attr.value
        return AttrRef(entity, key, entity.model.attribute(key))

    # ------------------------------------------------------------------ value types
    def value_type(self, node: cst.BaseExpression, scope: Scope) -> Optional[ValueType]:
        """The Python type of a value expression (literal, typed variable, known call)."""
        reader = TypeReader(qualify=lambda dotted: self._qualify_for_types(dotted, scope),
                            lookup=lambda name: self._name_type(name.value, scope, 0),
                            attribute=lambda attr: self._instance_attribute_type(attr, scope))
        return reader.expression(node)

    def _instance_attribute_type(self, node: cst.Attribute, scope: Scope
                                 ) -> Optional[ValueType]:
        """``user.name`` for an instance of a mapped class: the column's value type; also a
        field of a dataclass instance (``flt.min_rating``) and an enum member's ``.value``."""
        model = self.instance_model(node.value, scope)
        if model is None:
            return self._plain_attribute_type(node, scope)
        attribute = model.attribute(node.attr.value)
        if not isinstance(attribute, ColumnInfo) or attribute.python_type is None or \
                attribute.kind not in ("column", "synonym"):
            return None
        return ValueType.of(attribute.python_type)

    def _plain_attribute_type(self, node: cst.Attribute, scope: Scope) -> Optional[ValueType]:
        """The declared type of ``obj.field`` for an instance of a dataclass (or NamedTuple) of
        this module, and the literal's type for ``Enum.MEMBER.value`` of an enum class of this
        module: values whose type the class states for certain."""
        key = node.attr.value
        if key == "value" and isinstance(node.value, cst.Attribute) and \
                isinstance(node.value.value, cst.Name):
            found = self._module_class(node.value.value.value, scope)
            if found is not None and _is_enum(found[0]):
                member = _class_assignment(found[0], node.value.attr.value)
                if member is not None:
                    return TypeReader(qualify=lambda d: self._qualify_for_types(d, found[1])
                                      ).expression(member)
            return None
        if not isinstance(node.value, cst.Name):
            return None
        owner, bindings = self.lookup(node.value.value, scope)
        if owner is None or len(bindings) != 1:
            return None
        binding = bindings[0]
        class_name: Optional[cst.BaseExpression] = None
        if binding.kind in ("param", "annassign") and binding.annotation is not None:
            class_name = binding.annotation
        elif binding.kind == "assign" and isinstance(binding.value, cst.Call):
            class_name = binding.value.func
        if not isinstance(class_name, cst.Name):
            return None
        found = self._module_class(class_name.value, owner)
        if found is None or not _has_declared_fields(found[0]):
            return None
        annotation = _field_annotation(found[0], key)
        if annotation is None:
            return None
        class_scope = found[1]
        return TypeReader(qualify=lambda d: self._qualify_for_types(d, class_scope)
                          ).annotation(annotation)

    def _module_class(self, name: str, scope: Scope) -> Optional[tuple[cst.ClassDef, Scope]]:
        """The class statement a name refers to when a module scope binds it once to a class."""
        owner, bindings = self.lookup(name, scope)
        if owner is None or owner.kind != "module" or len(bindings) != 1 or \
                bindings[0].kind != "class" or not isinstance(bindings[0].node, cst.ClassDef):
            return None
        return bindings[0].node, owner

    def instance_model(self, node: cst.BaseExpression, scope: Scope, depth: int = 0
                       ) -> Optional[ModelInfo]:
        """The mapped class of which ``node`` is an instance: a parameter or variable annotated
        with it, or a name assigned ``Model(...)`` or ``session.get(Model, ...)`` once."""
        if not isinstance(node, cst.Name) or depth > 3:
            return None
        owner, bindings = self.lookup(node.value, scope)
        if owner is None or len(bindings) != 1 or node.value in owner.declared_global:
            return None
        binding = bindings[0]
        if binding.kind in ("param", "annassign") and binding.annotation is not None:
            return self._annotation_model(binding.annotation, owner, 0)
        value = binding.value if binding.kind == "assign" else None
        if isinstance(value, cst.Await):
            value = value.expression
        if not isinstance(value, cst.Call):
            return None
        entity = self.entity(value.func, owner) if isinstance(value.func, (cst.Name,
                                                                          cst.Attribute)) \
            else None
        if entity is not None and entity.alias is None:
            return entity.model                     # x = User(...)
        if isinstance(value.func, cst.Attribute) and value.func.attr.value == "get" and \
                value.args and value.args[0].keyword is None:
            entity = self.entity(value.args[0].value, owner)
            if entity is not None:
                return entity.model                 # x = session.get(User, 5)
        return self._fetched_model(value, owner)

    def _fetched_model(self, call: cst.Call, scope: Scope) -> Optional[ModelInfo]:
        """``session.scalars(select(User)...).first()``, ``session.scalar(select(User)...)``,
        ``session.query(User)....one()``, ``User.query....first()``: one object of one entity."""
        if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _ONE_OBJECT:
            return None
        methods: list[str] = [call.func.attr.value]
        node: cst.BaseExpression = call.func.value
        if call.func.attr.value == "scalar" and call.args:
            node = call.args[0].value               # session.scalar(select(User)...)
        for _ in range(40):
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
                name = node.func.attr.value
                if name in ("scalars", "execute") and node.args:
                    methods.append(name)
                    node = node.args[0].value       # session.scalars(<statement>)
                    continue
                if name == "query" and len(node.args) == 1:
                    entity = self.entity(node.args[0].value, scope)
                    return entity.model if entity is not None and entity.alias is None else None
                if name not in _STATEMENT_CHAIN:
                    return None
                methods.append(name)
                node = node.func.value
            elif isinstance(node, cst.Call) and len(node.args) == 1 and \
                    self.orm_name(node.func, scope) == "orm.select":
                if "execute" in methods and "scalars" not in methods and \
                        methods[0] not in ("scalar", "scalar_one", "scalar_one_or_none"):
                    return None                     # a Row, not the object
                entity = self.entity(node.args[0].value, scope)
                return entity.model if entity is not None and entity.alias is None else None
            elif isinstance(node, cst.Attribute) and node.attr.value == "query":
                entity = self.entity(node.value, scope)     # Flask-SQLAlchemy User.query
                return entity.model if entity is not None and entity.alias is None else None
            else:
                return None
        return None

    def _annotation_model(self, node: cst.BaseExpression, scope: Scope, depth: int
                          ) -> Optional[ModelInfo]:
        if depth > 4:
            return None
        if isinstance(node, cst.SimpleString):
            text = node.evaluated_value
            if not isinstance(text, str) or not text.strip().isidentifier():
                return None
            return self._annotation_model(cst.Name(text.strip()), scope, depth + 1)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            sides = [node.left, node.right]
            models = [self._annotation_model(s, scope, depth + 1) for s in sides
                      if not (isinstance(s, cst.Name) and s.value == "None")]
            return models[0] if len(models) == 1 else None
        if isinstance(node, cst.Subscript):
            if self.qualify(dotted_name(node.value) or "", scope) in ("typing.Optional",
                                                                       "typing_extensions.Optional") \
                    and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
                return self._annotation_model(node.slice[0].slice.value, scope, depth + 1)
            return None
        if isinstance(node, (cst.Name, cst.Attribute)):
            entity = self.entity(node, scope)
            return entity.model if entity is not None and entity.alias is None else None
        return None

    def operand_type(self, node: cst.BaseExpression, scope: Scope) -> Optional[ValueType]:
        """Like :meth:`value_type`, and a mapped column's values for ``Model.column``."""
        ref = self.attribute_ref(node, scope)
        if ref is not None:
            column = comparable_column(ref)
            if column is not None and column.python_type is not None:
                return ValueType.of(column.python_type)
            return None
        return self.value_type(node, scope)

    def _qualify_for_types(self, dotted: str, scope: Scope) -> Optional[str]:
        head = dotted.split(".")[0]
        owner, _ = self.lookup(head, scope)
        if owner is None and head in _BUILTINS:
            return dotted
        return self.qualify(dotted, scope)

    def _name_type(self, name: str, scope: Scope, depth: int) -> Optional[ValueType]:
        if depth > 4:
            return None
        owner, bindings = self.lookup(name, scope)
        if owner is None or len(bindings) != 1 or name in owner.declared_global:
            return None
        binding = bindings[0]
        reader = TypeReader(qualify=lambda dotted: self._qualify_for_types(dotted, owner),
                            lookup=lambda n: self._name_type(n.value, owner, depth + 1),
                            attribute=lambda a: self._instance_attribute_type(a, owner))
        if binding.kind == "param":
            return reader.annotation(binding.annotation) if binding.annotation is not None \
                else None
        if binding.kind == "annassign":
            return reader.annotation(binding.annotation)
        if binding.kind == "assign" and binding.value is not None:
            return reader.expression(binding.value)
        if binding.kind == "import" and owner.kind == "module":
            # `from settings import LIMIT`: a literal constant of a project module
            target = self.qualify(name, owner)
            if target:
                module, _, attr = self.project.resolve_symbol(target).rpartition(".")
                found = self.project.module_constants.get(module, {}).get(attr)
                if found is not None:
                    return ValueType.of(found)
        return None

    # ------------------------------------------------------------------ helpers
    def calls_named(self, *methods: str) -> Iterator[tuple[cst.Call, Scope, str]]:
        """Calls of ``x.method(...)`` for the given method names."""
        wanted = set(methods)
        for call, scope in self.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value in wanted:
                yield call, scope, func.attr.value

    def code(self, node: cst.CSTNode, limit: int = 60) -> str:
        """Source text of ``node`` on one line, shortened for messages."""
        text = " ".join(self.info.code_for(node).split())
        return text if len(text) <= limit else text[:limit - 3] + "..."


# methods giving one object of a query / result, and the statement methods between
_ONE_OBJECT = frozenset({"first", "one", "one_or_none", "scalar", "scalar_one",
                         "scalar_one_or_none"})
_STATEMENT_CHAIN = frozenset({"where", "filter", "filter_by", "order_by", "limit", "offset",
                              "options", "execution_options", "join", "outerjoin", "distinct",
                              "with_for_update", "unique", "populate_existing"})


_ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "IntFlag", "Flag"})


def _is_enum(node: cst.ClassDef) -> bool:
    return any((dotted_name(base.value) or "").rpartition(".")[2] in _ENUM_BASES
               for base in node.bases)


def _has_declared_fields(node: cst.ClassDef) -> bool:
    """A dataclass (``@dataclass``, ``@dataclasses.dataclass(frozen=True)``) or NamedTuple:
    its annotated class attributes are the instance's fields, of the declared types."""
    for decorator in node.decorators:
        target = decorator.decorator
        if isinstance(target, cst.Call):
            target = target.func
        if (dotted_name(target) or "").rpartition(".")[2] == "dataclass":
            return True
    return any((dotted_name(base.value) or "").rpartition(".")[2] == "NamedTuple"
               for base in node.bases)


def _class_statements(node: cst.ClassDef) -> Iterator[cst.BaseSmallStatement]:
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body


def _field_annotation(node: cst.ClassDef, key: str) -> Optional[cst.BaseExpression]:
    for statement in _class_statements(node):
        if isinstance(statement, cst.AnnAssign) and isinstance(statement.target, cst.Name) and \
                statement.target.value == key:
            return statement.annotation.annotation
    return None


def _class_assignment(node: cst.ClassDef, key: str) -> Optional[cst.BaseExpression]:
    """The value of ``KEY = <value>`` in a class body (an enum member's value)."""
    for statement in _class_statements(node):
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1 and \
                isinstance(statement.targets[0].target, cst.Name) and \
                statement.targets[0].target.value == key:
            return statement.value
    return None


def comparable_column(ref: Optional[AttrRef]) -> Optional[ColumnInfo]:
    """The column of ``ref`` when its value type is a fact (not a hybrid or an expression): a
    column, a synonym, or a column_property whose type is annotated or a count."""
    if ref is None:
        return None
    column = ref.column
    if column is None or column.kind not in ("column", "synonym", "column_property") or \
            column.python_type is None:
        return None
    return column


def _join(target: str, rest: str) -> str:
    return f"{target}.{rest}" if rest else target


def _names_in_target(target: cst.CSTNode) -> list[str]:
    return [n.value for n in _name_nodes_in_target(target)]


def _name_nodes_in_target(target: cst.CSTNode) -> list[cst.Name]:
    out: list[cst.Name] = []
    stack = [target]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            out.append(node)
        elif isinstance(node, (cst.Tuple, cst.List)):
            stack.extend(e.value for e in node.elements)
        elif isinstance(node, cst.StarredElement):
            stack.append(node.value)
    return out


def _param_outer_parts(params: cst.Parameters) -> list[cst.CSTNode]:
    parts: list[cst.CSTNode] = []
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            every.append(star)
    for param in every:
        if param.default is not None:
            parts.append(param.default)
        if param.annotation is not None:
            parts.append(param.annotation)
    return parts


def module_scan(ctx: "RuleContext") -> ModuleScan:
    """The scan of ``ctx``'s module, computed once and shared by the rules."""
    scan = ctx.shared.get(SCAN_KEY)
    if scan is None:
        scan = ctx.shared[SCAN_KEY] = ModuleScan(ctx)
    return scan


__all__ = ["AttrRef", "Binding", "EntityRef", "ModuleScan", "Scope", "comparable_column",
           "module_scan"]
