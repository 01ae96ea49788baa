# db = MySQLAlchemy(), a subclass of the extension: db.relationship / db.dynamic_loader are typed
# as the extension's own (mypy names the methods after the subclass); a method named
# relationship on any other class keeps its own type.
from flask_sqlalchemy import SQLAlchemy


class MySQLAlchemy(SQLAlchemy):
    pass


class Graph:
    def relationship(self, name: str) -> int:
        return 1


db = MySQLAlchemy()


class Author(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    books = db.relationship("Book", back_populates="author")
    best = db.relationship("Book", uselist=False, viewonly=True)


class Book(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("author.id"))
    author = db.relationship("Author", back_populates="books")


reveal_type(Author().books)  # N: Revealed type is "list[flask2_extension_subclass.Book]"
reveal_type(Author().best)  # N: Revealed type is "flask2_extension_subclass.Book | None"
reveal_type(Book().author)  # N: Revealed type is "flask2_extension_subclass.Author | None"
reveal_type(Graph().relationship("x"))  # N: Revealed type is "int"
Book().author = Book()  # E: Incompatible types in assignment (expression has type "Book", variable has type "SQLCoreOperations[Author | None] | Author | None")  [assignment]
