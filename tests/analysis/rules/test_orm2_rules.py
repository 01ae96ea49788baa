"""ORM201-ORM206 beyond their embedded examples: aliases, inheritance, mixins, other modules,
Flask-SQLAlchemy, look-alikes that must stay silent."""
from __future__ import annotations

from pathlib import Path

from analysis.rules import check_source
from analysis.workspace import Workspace

MODELS = '''from datetime import date
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, String, select, func
from sqlalchemy.orm import (DeclarativeBase, Load, Mapped, Session, aliased, mapped_column,
                            relationship, selectinload, synonym)


class Base(DeclarativeBase):
    pass


class Stamped:
    created_on: Mapped[date] = mapped_column(default=date(2024, 1, 1))


class Person(Stamped, Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    pets: Mapped[list["Pet"]] = relationship(back_populates="owner")
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "person"}


class Vet(Person):
    __tablename__ = "vets"
    id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    clinic: Mapped[str] = mapped_column(String(40))
    __mapper_args__ = {"polymorphic_identity": "vet"}


class Pet(Base):
    __tablename__ = "pets"
    id: Mapped[int] = mapped_column(primary_key=True)
    species: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    owner: Mapped[Person] = relationship(back_populates="pets")
    keeper = synonym("owner")


class Toy(Base):
    __tablename__ = "toys"
    id: Mapped[int] = mapped_column(primary_key=True)
    pet_ref: Mapped[int] = mapped_column(Integer)
    __table_args__ = (ForeignKeyConstraint(["pet_ref"], ["pets.id"]),)

'''


def lines(source: str, code: str) -> list[int]:
    return sorted(f.range.start.line + 1 - MODELS.count("\n")
                  for f in check_source(MODELS + source, select=[code]) if f.code == code)


# ------------------------------------------------------------------------------ ORM201
def test_comparisons_through_aliases_mixins_and_inheritance() -> None:
    source = '''
def f(session: Session, when: date, name: str):
    boss = aliased(Person)
    session.scalars(select(Person).where(boss.name == 3))
    session.scalars(select(Vet).where(Vet.created_on == 20240101, Vet.clinic == name))
    session.scalars(select(Pet).where(Pet.owner_id == Person.name))
    session.scalars(select(Person).where(Person.created_on > when, 0 < Person.id < 10))
'''
    assert lines(source, "ORM201") == [4, 5, 6]


def test_comparisons_stay_silent_without_certain_types() -> None:
    source = '''
def f(session: Session, value, rows):
    total = 0
    for row in rows:
        total = row.count
    session.scalars(select(Pet).where(Pet.owner_id == total))
    session.scalars(select(Pet).where(Pet.species == value, Pet.owner == value))
    session.scalars(select(Pet).where(Pet.id.in_([r.id for r in rows])))
    session.scalars(select(Pet).where(func.lower(Pet.species) == 5))
    pet = Pet(species="cat")
    return pet.id == "x"
'''
    assert lines(source, "ORM201") == []


# ------------------------------------------------------------------------------ ORM202
def test_attributes_from_mixins_parents_synonyms_and_backrefs_exist() -> None:
    source = '''
def f(session: Session):
    session.scalars(select(Vet).filter_by(name="a", created_on=date(2024, 1, 1), clinic="x"))
    session.scalars(select(Pet).filter_by(keeper=None))
    session.add(Vet(name="v", clinic="c", pets=[]))
    return Vet.pets, Person.created_on, Pet.keeper, Vet.__mapper__
'''
    assert lines(source, "ORM202") == []


def test_unknown_attributes_on_subclasses_and_parents() -> None:
    source = '''
def f(session: Session):
    session.scalars(select(Person).filter_by(clinic="x"))
    return Person.clinic, Vet.clnic
'''
    assert lines(source, "ORM202") == [3, 4, 4]


def test_order_by_strings_see_joined_tables_and_labels() -> None:
    source = '''
def f(session: Session):
    session.execute(select(Person.name, func.count(Pet.id).label("n")).join(Person.pets)
                    .group_by("name").order_by("n", "species"))
    session.execute(select(Person).order_by("species"))
    stmt = select(Person).order_by("species")
    stmt = stmt.join(Pet)
    return session.execute(stmt)
'''
    assert lines(source, "ORM202") == [5]


def test_models_the_index_cannot_see_whole_are_not_checked(tmp_path: Path) -> None:
    (tmp_path / "base.py").write_text(
        "from sqlalchemy.orm import DeclarativeBase\n"
        "from sqlalchemy.ext.declarative import DeferredReflection\n"
        "from somewhere import ExternalMixin\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n"
        "class Legacy(DeferredReflection, Base):\n    __tablename__ = 'legacy'\n\n"
        "class Plugged(ExternalMixin, Base):\n    __tablename__ = 'plugged'\n"
        "    id = 1\n\n"
        "class Custom(Base):\n    __tablename__ = 'custom'\n"
        "    def __init__(self, **kw):\n        self.extra = kw\n")
    (tmp_path / "views.py").write_text(
        "from sqlalchemy import select\nfrom base import Legacy, Plugged, Custom\n\n"
        "def f(session):\n"
        "    session.scalars(select(Legacy).filter_by(anything=1))\n"
        "    session.scalars(select(Plugged).filter_by(anything=1))\n"
        "    session.add(Custom(anything=1))\n"
        "    return Legacy.whatever, Plugged.whatever\n")
    ws = Workspace(tmp_path)
    ws.index()
    assert [f for f in ws.check(str(tmp_path / "views.py")) if f.code == "ORM202"] == []


def test_same_named_classes_from_libraries_are_not_models(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text(
        "from sqlalchemy import String\n"
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n"
        "class Message(Base):\n    __tablename__ = 'messages'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    body: Mapped[str] = mapped_column(String(200))\n")
    (tmp_path / "mail.py").write_text(
        "from flask_mail import Message\n\n"
        "def send(sender):\n    return Message('hi', sender=sender), Message.charset\n")
    ws = Workspace(tmp_path)
    ws.index()
    assert [f for f in ws.check(str(tmp_path / "mail.py")) if f.code.startswith("ORM2")] == []


def test_flask_models_and_constructors_in_other_modules(tmp_path: Path) -> None:
    (tmp_path / "ext.py").write_text("from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n")
    (tmp_path / "models.py").write_text(
        "from ext import db\n\n"
        "class Team(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
        "    title = db.Column(db.String(40))\n\n"
        "class Seat(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
        "    def __init__(self, label):\n        self.id = len(label)\n")
    (tmp_path / "views.py").write_text(
        "from ext import db\nfrom models import Team, Seat\n\n"
        "def f():\n"
        "    Team.query.filter_by(titel='x').first()\n"
        "    db.session.add(Team(title='a', size=3))\n"
        "    db.session.add(Seat(label='x'))\n"
        "    return (Team.query.get('seven'),\n"
        "            db.session.execute(db.select(Team).filter_by(title=1)))\n")
    ws = Workspace(tmp_path)
    ws.index()
    found = sorted((f.range.start.line + 1, f.code) for f in ws.check(str(tmp_path / "views.py"))
                   if f.code.startswith("ORM2"))
    assert found == [(5, "ORM202"), (6, "ORM202"), (8, "ORM205"), (9, "ORM201")]


# ------------------------------------------------------------------------------ ORM203
def test_loader_options_through_load_and_synonyms() -> None:
    source = '''
def f(session: Session):
    session.scalars(select(Pet).options(Load(Pet).selectinload(Pet.species)))
    session.scalars(select(Pet).options(selectinload(Pet.keeper)))
    session.scalars(select(Person).options(selectinload(Person.pets).selectinload(Pet.owner)))
'''
    assert lines(source, "ORM203") == [3]


# ------------------------------------------------------------------------------ ORM204
def test_joins_along_inheritance_constraints_and_aliases() -> None:
    source = '''
def f(session: Session):
    session.scalars(select(Vet).join(Pet))
    session.scalars(select(Person).join(Vet))
    session.scalars(select(Toy).join(Pet))
    session.scalars(select(Pet).join_from(Pet, Toy))
    other = aliased(Person)
    session.scalars(select(Toy).join(other))
    session.scalars(select(Person).join(Toy))
    session.scalars(select(Pet).join(other))
'''
    # Toy's foreign key is a table constraint (to pets): Toy and Person have no path at all
    assert lines(source, "ORM204") == [8, 9]


# ------------------------------------------------------------------------------ ORM205
def test_get_through_models_variables_and_aliases() -> None:
    source = '''
def f(session: Session, ident: str, key):
    session.get(Person, ident)
    boss = aliased(Person)
    session.get(boss, "x")
    session.get(Person, key)
    session.get(Person, {"id": 1, "name": "x"})
    session.get(Person, ident="x")
'''
    assert lines(source, "ORM205") == [3, 7, 8]


# ------------------------------------------------------------------------------ ORM206
def test_cartesian_products_and_their_look_alikes() -> None:
    source = '''
def f(session: Session, text_cond):
    boss = aliased(Person)
    session.execute(select(Person, boss).where(Person.name == boss.name))
    session.execute(select(Person, boss))
    session.execute(select(Vet).where(Person.name == "x"))
    session.execute(select(Person, Pet).where(text_cond))
    for pet in session.query(Pet, Toy).filter(Pet.species == "cat"):
        print(pet)
    session.execute(select(Person.name).where(Person.id.in_(select(Pet.owner_id))))
    sub = select(func.count(Pet.id)).where(Pet.owner_id == Person.id).scalar_subquery()
    session.execute(select(Person.name, sub))
'''
    assert lines(source, "ORM206") == [5, 8]


def test_instance_attributes_carry_their_column_type() -> None:
    source = '''
def f(session: Session, owner: Person, maybe: "Person | None", pet_id: int):
    session.scalars(select(Pet).where(Pet.owner_id == owner.name))
    session.scalars(select(Pet).where(Pet.owner_id == owner.id, Pet.species == maybe.name))
    pet = session.get(Pet, pet_id)
    session.scalars(select(Person).where(Person.id == pet.species))
    fresh = Pet(species="cat")
    session.get(Person, fresh.species)
    owner.name = 5
    return owner.nmae
'''
    assert lines(source, "ORM201") == [3, 6]
    assert lines(source, "ORM205") == [8]


def test_attributes_set_on_the_class_by_its_methods_exist(tmp_path: Path) -> None:
    (tmp_path / "mixins.py").write_text(
        "from sqlalchemy import func, select\nfrom sqlalchemy.orm import column_property\n\n"
        "class Versioned:\n"
        "    @classmethod\n"
        "    def __declare_last__(cls):\n"
        "        cls.latest = column_property(select(func.max(cls.id)).scalar_subquery())\n\n"
        "class Dynamic:\n"
        "    def __init_subclass__(cls, **kw):\n"
        "        for name in ('a', 'b'):\n"
        "            setattr(cls, name, None)\n")
    (tmp_path / "models.py").write_text(
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
        "from mixins import Versioned, Dynamic\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n"
        "class Doc(Versioned, Base):\n    __tablename__ = 'docs'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n\n"
        "class Page(Dynamic, Base):\n    __tablename__ = 'pages'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n")
    (tmp_path / "views.py").write_text(
        "from models import Doc, Page\n\n"
        "def f():\n    return Doc.latest, Page.anything, Doc.missing\n")
    ws = Workspace(tmp_path)
    ws.index()
    found = [f.message for f in ws.check(str(tmp_path / "views.py")) if f.code == "ORM202"]
    assert len(found) == 1 and "missing" in found[0]


def test_backrefs_of_relationships_with_ambiguous_targets(tmp_path: Path) -> None:
    header = ("from sqlalchemy import ForeignKey\n"
              "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
              "from base import Base\n\n")
    (tmp_path / "base.py").write_text(
        "from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}.py").write_text(
            header + f"class Case(Base):\n    __tablename__ = 'case_{name}'\n"
            "    id: Mapped[int] = mapped_column(primary_key=True)\n")
    (tmp_path / "signal.py").write_text(
        header + "class Signal(Base):\n    __tablename__ = 'signals'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    case_id: Mapped[int] = mapped_column(ForeignKey('case_a.id'))\n"
        "    case = relationship('Case', backref='signals')\n")
    (tmp_path / "views.py").write_text("from a import Case\n\ndef f():\n"
                                       "    return Case.signals, Case.nothing\n")
    ws = Workspace(tmp_path)
    ws.index()
    found = [f.message for f in ws.check(str(tmp_path / "views.py")) if f.code == "ORM202"]
    assert len(found) == 1 and "nothing" in found[0]


def test_module_level_constructor_calls_among_ordinary_code(tmp_path) -> None:
    # the rules may see only the parts of a module that matter: the classes a module-level
    # call names are still known through the module's own definitions
    padding = "".join(f"\n\ndef helper_{i}(x):\n    return x + {i}\n" for i in range(40))
    source = '''from orm import Column, Integer, String, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)


class Custom(Base):
    __tablename__ = "custom"
    id = Column(Integer, primary_key=True)

    def __init__(self, title: str) -> None:
        self.title = title
''' + padding + '''

User(nmae="ed")
Custom(id=1)
'''
    from analysis.workspace import Workspace

    (tmp_path / "mod.py").write_text(source)
    ws = Workspace(tmp_path)
    ws.index()
    found = sorted((f.range.start.line + 1, f.code) for f in ws.check(str(tmp_path / "mod.py")))
    lines = source.split("\n")
    assert found == [(lines.index('User(nmae="ed")') + 1, "ORM202"),
                     (lines.index("Custom(id=1)") + 1, "ORM202")]
