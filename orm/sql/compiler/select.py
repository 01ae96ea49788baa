"""Rendering of SELECT, set operations, FROM elements (tables, joins, aliases, subqueries, CTEs)."""
from __future__ import annotations

from typing import Any, Optional

from orm import exc

from ..base import AnonLabel


def _contains(outer: Any, inner: Any) -> bool:
    if outer is inner:
        return True
    left = getattr(outer, "left", None)
    if left is not None and getattr(outer, "__visit_name__", "") == "join":
        return _contains(outer.left, inner) or _contains(outer.right, inner)
    return False


def _leaves(froms: list[Any]) -> list[Any]:
    out: list[Any] = []
    for f in froms:
        if getattr(f, "__visit_name__", "") == "join":
            out.extend(_leaves([f.left, f.right]))
        out.append(f)
    return out


class SelectCompilerMixin:
    """SELECT-side visit methods of ``SQLCompiler``."""

    join_keyword = "JOIN"
    # Text appended after SELECT's columns when there is no FROM (Oracle would say FROM DUAL).
    default_from_text = ""

    # -- SELECT ------------------------------------------------------------------------------------
    def visit_select(self, select: Any, asfrom: bool = False, subquery: bool = False, toplevel: bool = False,
                     lateral: bool = False, compound_index: Optional[int] = None, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        kw.pop("within_order_by", None)
        kw.pop("within_group_by", None)
        is_toplevel = not self.stack
        froms = self._display_froms(select, asfrom, lateral)
        enclosing = self.stack[-1]["all_froms"] if self.stack else []
        entry = {
            "selectable": select,
            "all_froms": _leaves(list(enclosing) + list(select.get_final_froms())),
            "asfrom": asfrom,
        }
        self.stack.append(entry)
        try:
            text = "SELECT "
            text += self._prefixes(select._prefixes)
            text += self.get_select_precolumns(select, **kw)
            record = is_toplevel or (compound_index == 0 and len(self.stack) == 2 and self.stack[0].get("compound_top"))
            columns = []
            for key, name, col, needs_label in select._columns_plus_names():
                columns.append(self._label_select_column(select, key, name, col, needs_label, asfrom,
                                                         record, **kw))
            text += ", ".join(c for c in columns if c)
            if froms:
                text += " \nFROM " + ", ".join(
                    self.process(f, asfrom=True, **kw) for f in froms
                )
            else:
                text += self.default_from_text
            if select._where_criteria:
                t = self._render_criteria(select._where_criteria, **kw)
                if t:
                    text += " \nWHERE " + t
            if select._group_by_clauses:
                text += self.group_by_clause(select, **kw)
            if select._having_criteria:
                t = self._render_criteria(select._having_criteria, **kw)
                if t:
                    text += " \nHAVING " + t
            if select._order_by_clauses:
                text += self.order_by_clause(select, **kw)
            if select._fetch_clause is not None:
                text += self.fetch_clause(select, **kw)
            elif select._limit_clause is not None or select._offset_clause is not None:
                text += self.limit_clause(select, **kw)
            if select._for_update_arg is not None:
                text += self.for_update_clause(select, **kw)
            text += self._suffixes(select._suffixes)
        finally:
            self.stack.pop()
        if is_toplevel and self.ctes:
            text = self._render_cte_clause() + text
        return text

    def _render_criteria(self, criteria: tuple[Any, ...], **kw: Any) -> str:
        from ..elements import and_

        from .. import operators

        # and_() also folds constants: WHERE a AND false is WHERE false
        clause = criteria[0] if len(criteria) == 1 else and_(*criteria).self_group(against=operators._asbool)
        return self.process(clause, **kw)

    def _prefixes(self, prefixes: tuple[Any, ...]) -> str:
        out = ""
        for p, dialect in prefixes:
            if dialect in ("*", self.dialect.name):
                out += (p if isinstance(p, str) else self.process(p)) + " "
        return out

    def _suffixes(self, suffixes: tuple[Any, ...]) -> str:
        out = ""
        for s, dialect in suffixes:
            if dialect in ("*", self.dialect.name):
                out += " " + (s if isinstance(s, str) else self.process(s))
        return out

    def get_select_precolumns(self, select: Any, **kw: Any) -> str:
        if select._distinct_on:
            raise exc.CompileError(
                f"DISTINCT ON is supported only by the PostgreSQL dialect, not {self.dialect.name}"
            )
        return "DISTINCT " if select._distinct else ""

    def _display_froms(self, select: Any, asfrom: bool, lateral: bool) -> list[Any]:
        froms = select.get_final_froms()
        if not self.stack or (asfrom and not lateral):
            return froms
        enclosing = self.stack[-1]["all_froms"]
        if select._correlate is not None:
            hide = [f for f in froms if any(_contains(c, f) for c in select._correlate)
                    and any(_contains(e, f) for e in enclosing)]
        elif select._correlate_except is not None:
            hide = [f for f in froms if not any(_contains(c, f) for c in select._correlate_except)
                    and any(e is f for e in enclosing)]
        elif len(froms) > 1:
            # auto-correlation only applies to a SELECT with more than one FROM: a lone FROM stays
            # (SELECT max(t.x) FROM t) even inside a query on t
            hide = [f for f in froms if any(e is f for e in enclosing)]
            if hide and len(hide) == len(froms):
                raise exc.InvalidRequestError(
                    f"Select statement '{select}' returned no FROM clauses due to auto-correlation; "
                    "specify correlate(<tables>) to control correlation manually."
                )
        else:
            hide = []
        return [f for f in froms if f not in hide]

    def _label_select_column(self, select: Any, key: str, name: Any, col: Any, needs_label: bool,
                             asfrom: bool, record: bool, **kw: Any) -> str:
        visit = getattr(col, "__visit_name__", "")
        if visit == "label":
            label_name = self._truncated(col.name)
            text = self.process(col.element, **kw) + " AS " + self.preparer.quote(label_name)
            if record:
                self._add_result_column(label_name, col.type, (col, col.element, key))
            return text
        if visit == "textclause":
            return self.process(col, **kw)
        if needs_label or (asfrom and visit == "column" and not col.is_literal):
            final = self._truncated(name)  # numbered before the element's own binds, as SQLAlchemy does
            inner = self.process(col, **kw)
            text = inner + " AS " + self.preparer.quote(final)
        else:
            final = self._truncated(name) if name is not None else key
            text = self.process(col, **kw)
        if record:
            self._add_result_column(final, col.type, (col, key))
        return text

    def group_by_clause(self, select: Any, **kw: Any) -> str:
        return " GROUP BY " + ", ".join(self.process(c, within_group_by=True, **kw) for c in select._group_by_clauses)

    def order_by_clause(self, select: Any, **kw: Any) -> str:
        return " ORDER BY " + ", ".join(self.process(c, within_order_by=True, **kw) for c in select._order_by_clauses)

    def limit_clause(self, select: Any, **kw: Any) -> str:
        text = ""
        if select._limit_clause is not None:
            text += "\n LIMIT " + self.process(select._limit_clause, **kw)
        if select._offset_clause is not None:
            if select._limit_clause is None:
                text += "\n LIMIT -1"
            text += " OFFSET " + self.process(select._offset_clause, **kw)
        return text

    def fetch_clause(self, select: Any, **kw: Any) -> str:
        """``OFFSET n ROWS FETCH FIRST m ROWS ONLY`` (SQL:2008), used when ``fetch()`` was called."""
        return self._fetch_text(select, lambda e: self.process(e, **kw))

    def _fetch_text(self, select: Any, render: Any) -> str:
        text = ""
        if select._offset_clause is not None:
            text += "\n OFFSET " + render(select._offset_clause) + " ROWS"
        with_ties, percent = select._fetch_clause_options or (False, False)
        text += "\n FETCH FIRST " + render(select._fetch_clause)
        text += " PERCENT" if percent else ""
        text += " ROWS WITH TIES" if with_ties else " ROWS ONLY"
        return text

    def for_update_clause(self, select: Any, **kw: Any) -> str:
        return " FOR UPDATE"

    def visit_for_update(self, arg: Any, **kw: Any) -> str:  # pragma: no cover - rendered by dialects
        return ""

    # -- set operations ----------------------------------------------------------------------------
    def visit_compound_select(self, cs: Any, asfrom: bool = False, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        is_toplevel = not self.stack
        entry = {"selectable": cs, "all_froms": self.stack[-1]["all_froms"] if self.stack else [],
                 "compound_top": is_toplevel}
        self.stack.append(entry)
        try:
            parts = []
            for i, s in enumerate(cs.selects):
                parts.append(self.process(s, asfrom=asfrom, compound_index=i, **kw))
            text = (" " + cs.keyword + " ").join(parts)
            if cs._group_by_clauses:
                text += self.group_by_clause(cs, **kw)
            if cs._order_by_clauses:
                text += self.order_by_clause(cs, **kw)
            if cs._fetch_clause is not None:
                text += self.fetch_clause(cs, **kw)
            elif cs._limit_clause is not None or cs._offset_clause is not None:
                text += self.limit_clause(cs, **kw)
            if cs._for_update_arg is not None:
                text += self.for_update_clause(cs, **kw)
        finally:
            self.stack.pop()
        if is_toplevel and self.ctes:
            text = self._render_cte_clause() + text
        return text

    def visit_textual_select(self, ts: Any, asfrom: bool = False, **kw: Any) -> str:
        if not self.stack:
            for c in ts.column_args:
                self._add_result_column(c.name, c.type, (c, c.key))
        self.stack.append({"selectable": ts, "all_froms": []})
        try:
            return self.process(ts.element, **kw)
        finally:
            self.stack.pop()

    def visit_scalar_select(self, element: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        kw.pop("asfrom", None)
        return "(" + self.process(element.element, asfrom=False, subquery=True, **kw) + ")"

    # -- FROM elements -----------------------------------------------------------------------------
    def visit_table(self, table: Any, asfrom: bool = False, **kw: Any) -> str:
        return self.preparer.format_table(table)

    def visit_join(self, join: Any, asfrom: bool = False, **kw: Any) -> str:
        if join.full:
            kind = " FULL OUTER JOIN "
        elif join.isouter:
            kind = " LEFT OUTER JOIN "
        else:
            kind = " " + self.join_keyword + " "
        left = self.process(join.left, asfrom=True, **kw)  # left first: anonymous names number in order
        right = self.process(join.right, asfrom=True, **kw)
        if getattr(join.right, "__visit_name__", "") == "join":
            right = "(" + right + ")"  # a join nested on the right: a JOIN (b JOIN c ON ..) ON ..
        return left + kind + right + " ON " + self.process(join.onclause, **kw)

    def visit_alias(self, alias: Any, asfrom: bool = False, **kw: Any) -> str:
        name = self._truncated(alias.name)
        if not asfrom:
            return self.preparer.quote(name)
        inner = alias.element
        if getattr(inner, "__visit_name__", "") == "cte":
            self.process(inner, asfrom=True, **kw)
            return self._cte_name(inner) + self.alias_keyword + self.preparer.quote(name)
        if getattr(inner, "_is_select_statement", False):
            body = "(" + self.process(inner, asfrom=True, subquery=True, **kw) + ")"
        elif getattr(inner, "__visit_name__", "") == "subquery":
            # an alias of a subquery is another (SELECT ...) AS name, as SQLAlchemy renders it
            body = "(" + self.process(inner.element, asfrom=True, subquery=True, **kw) + ")"
        else:
            body = self.process(inner, asfrom=True, **kw)
        return body + self.alias_keyword + self.preparer.quote(name)

    alias_keyword = " AS "

    def visit_subquery(self, sq: Any, asfrom: bool = False, lateral: bool = False, **kw: Any) -> str:
        name = self._truncated(sq.name)
        if not asfrom:
            return self.preparer.quote(name)
        body = self.process(sq.element, asfrom=True, subquery=True, lateral=lateral, **kw)
        return "(" + body + ")" + self.alias_keyword + self.preparer.quote(name)

    def visit_lateral(self, lat: Any, asfrom: bool = False, **kw: Any) -> str:
        if not asfrom:
            return self.preparer.quote(self._truncated(lat.name))
        return "LATERAL " + self.visit_subquery(lat, asfrom=True, lateral=True, **kw)

    def _cte_name(self, cte: Any) -> str:
        return self.preparer.quote(self._truncated(cte.name))

    def visit_cte(self, cte: Any, asfrom: bool = False, **kw: Any) -> str:
        base = cte._base
        name = self._truncated(cte.name)
        existing = self._cte_names.get(name)
        if existing is not None and existing is not base:
            raise exc.CompileError(f"Multiple, unrelated CTEs found with the same name: {name!r}")
        visiting = self.__dict__.setdefault("_ctes_visiting", set())
        if base not in self.ctes and base not in visiting:
            self._cte_names[name] = base
            # a CTE its body refers to (another CTE) is listed first: it is added while the body
            # renders; the visiting set guards a recursive CTE's reference to itself
            visiting.add(base)
            entry_stack, self.stack = self.stack, [{"selectable": None, "all_froms": []}]
            try:
                body = self.process(base._latest.element, asfrom=True, subquery=True, **kw)
            finally:
                self.stack = entry_stack
                visiting.discard(base)
            head = self.preparer.quote(name)
            if base.recursive:
                self.ctes_recursive = True
                head += "(" + ", ".join(self.preparer.quote(self._truncated(c.name)) for c in base.c) + ")"
            self.ctes[base] = head + " AS \n(" + body + ")"
        return self.preparer.quote(name)

    def _render_cte_clause(self) -> str:
        rendered = [v for v in self.ctes.values() if v]
        if not rendered:
            return ""
        return "WITH " + ("RECURSIVE " if self.ctes_recursive else "") + ", \n".join(rendered) + "\n "
