# The plugin loads and leaves plain code alone: only mypy's own messages appear.
from orm import Integer


class Plain:
    x = 1


reveal_type(Plain().x)  # N: Revealed type is "int"
reveal_type(Integer)  # N: Revealed type is "def () -> orm.sql.sqltypes.numeric.Integer"
Plain().y  # E: "Plain" has no attribute "y"  [attr-defined]
n: int = "x"  # E: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]
