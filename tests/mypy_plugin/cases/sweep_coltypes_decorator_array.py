# Classic Column attributes typed from their SQL type, where the first reading was wrong on real code:
# - SQLAlchemy's GUID recipe (impl = CHAR, unannotated process_result_value) loads uuid.UUID values,
#   not its impl's str: the type is unknown (Any), never str (t.key.hex was an attr-defined error);
# - ARRAY(Integer, dimensions=2) loads lists of lists; as_tuple=True loads tuples.
import uuid

from sqlalchemy import CHAR, Column, Integer, String, types
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class GUID(types.TypeDecorator):
    impl = CHAR
    cache_ok = True

    def process_result_value(self, value, dialect):
        return None if value is None else uuid.UUID(value)


class Grid(Base):
    __tablename__ = "grids"
    id = Column(Integer, primary_key=True)
    key = Column(GUID(), nullable=False)
    flat = Column(ARRAY(Integer), nullable=False)
    cells = Column(ARRAY(Integer, dimensions=2), nullable=False)
    tags = Column(ARRAY(String, as_tuple=True), nullable=False)


def use(g: Grid) -> None:
    reveal_type(g.key)  # N: Revealed type is "Any"
    g.key.hex
    reveal_type(g.flat)  # N: Revealed type is "list[int]"
    reveal_type(g.cells)  # N: Revealed type is "list[list[int]]"
    reveal_type(g.tags)  # N: Revealed type is "tuple[str, ...]"
