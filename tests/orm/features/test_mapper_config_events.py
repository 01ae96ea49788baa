"""Mapper configuration events (instrument_class, before_configured, before_mapper_configured,
mapper_configured, after_configured): fired in the same order, with the same arguments, as
SQLAlchemy, on Mapper and on a declarative base (propagate=True)."""
import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")


def _configure_and_log(pkg, skip_b=False):
    """Map A and B under a new base with listeners, configure twice, log what fired."""
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    ev = importlib.import_module(pkg + ".event")
    log = []

    class Base(so.DeclarativeBase):
        pass

    # on Mapper: listeners stay until removed, so they only log classes of this Base
    def on_before():
        log.append("before_configured")

    def on_after():
        log.append("after_configured")

    def on_configured(mapper, cls):
        if issubclass(cls, Base):
            log.append(("mapper_configured", cls.__name__, mapper.class_ is cls, mapper.configured))

    globals_ = [(so.Mapper, "before_configured", on_before), (so.Mapper, "after_configured", on_after),
                (so.Mapper, "mapper_configured", on_configured)]
    for target, name, fn in globals_:
        ev.listen(target, name, fn)

    @ev.listens_for(Base, "instrument_class", propagate=True)
    def on_instrument(mapper, cls):
        log.append(("instrument_class", cls.__name__, type(cls.__dict__.get("name")).__name__))

    @ev.listens_for(Base, "before_mapper_configured", propagate=True, retval=skip_b)
    def on_before_mapper(mapper, cls):
        log.append(("before_mapper_configured", cls.__name__))
        if cls.__name__ == "B":
            return so.EXT_SKIP

    @ev.listens_for(Base, "mapper_configured", propagate=True)
    def on_base_configured(mapper, cls):
        log.append(("base:mapper_configured", cls.__name__, [r.key for r in mapper.relationships]))

    class A(Base):
        __tablename__ = "mce_a"
        id = sa.Column(sa.Integer, primary_key=True)
        name = sa.Column(sa.String(20))
        bs = so.relationship("B", backref="a")

    class B(Base):
        __tablename__ = "mce_b"
        id = sa.Column(sa.Integer, primary_key=True)
        a_id = sa.Column(sa.ForeignKey("mce_a.id"))

    log.append("mapped")
    try:
        so.configure_mappers()
        log.append("again")
        so.configure_mappers()  # nothing new: no events
        A(name="x")
    finally:
        for target, name, fn in globals_:
            ev.remove(target, name, fn)
    return log


def _fresh_log(pkg, skip_b=False):
    """_configure_and_log in a new interpreter: configure_mappers() configures every registry of
    the process (in both libraries), so mappers other tests left behind in this worker (some
    deliberately broken) would add events or raise; a clean process sees only A and B."""
    code = ("import tests.orm.features.test_mapper_config_events as m; "
            f"print(repr(m._configure_and_log({pkg!r}, {skip_b!r})))")
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def _by_kind(log):
    """The log with each mapper's before_mapper_configured moved to the start of its pass: we
    ask every mapper of a pass first (EXT_SKIP must be known before relationships are resolved
    together), SQLAlchemy asks each just before configuring it; every other order is the same."""
    out, befores = [], []
    for e in log:
        (befores if isinstance(e, tuple) and e[0] == "before_mapper_configured" else out).append(e)
    return out, befores


def test_same_events_as_sqlalchemy():
    # on_before_mapper returns EXT_SKIP for B but without retval=True: ignored
    sa_log = _fresh_log("sqlalchemy")
    assert _by_kind(_fresh_log("orm")) == _by_kind(sa_log)
    assert sa_log[:3] == [("instrument_class", "A", "Column"), ("instrument_class", "B", "NoneType"), "mapped"]
    assert "after_configured" in sa_log


def test_ext_skip_leaves_the_mapper_unconfigured():
    """EXT_SKIP from a retval=True listener skips the mapper (only a retval listener's answer
    counts: without retval SQLAlchemy ignores it, and test_same_events_as_sqlalchemy returns it
    without retval)."""
    sa_log = _fresh_log("sqlalchemy", skip_b=True)
    orm_log = _fresh_log("orm", skip_b=True)
    configured = [e for e in orm_log if e[0] == "mapper_configured"]
    assert configured == [e for e in sa_log if e[0] == "mapper_configured"]
    assert configured == [("mapper_configured", "A", True, True)]


def test_removed_listener_no_longer_fires():
    import orm
    from orm import event

    seen = []

    def fn():
        seen.append(1)

    event.listen(orm.orm.Mapper, "before_configured", fn)
    event.remove(orm.orm.Mapper, "before_configured", fn)

    class Base(orm.orm.DeclarativeBase):
        pass

    class C(Base):
        __tablename__ = "mce_c"
        id = orm.Column(orm.Integer, primary_key=True)

    orm.orm.configure_mappers()
    assert seen == []
