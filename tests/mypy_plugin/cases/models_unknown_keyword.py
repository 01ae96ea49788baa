# Unknown constructor keywords are the checker's call (rule ORM202, as `ormlens check` reports
# them): one orm-unknown-column error; the generated signature itself accepts them, so mypy does
# not report them a second time.
from orm import Column, Integer, String, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)


User(name="ed")
User(nmae="ed")  # E: `User(nmae=...)`: `User` has no attribute `nmae` (did you mean `name`?), the constructor raises TypeError (ORM202)  [orm-unknown-column]
User(name=1, nmae="ed")  # E: Argument "name" to "User" has incompatible type "int"; expected "str"  [arg-type]  # E: `User(nmae=...)`: `User` has no attribute `nmae` (did you mean `name`?), the constructor raises TypeError (ORM202)  [orm-unknown-column]
