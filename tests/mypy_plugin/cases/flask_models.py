# Flask-SQLAlchemy: db.Model is a valid base class, db.Column / db.relationship are typed like
# Column / relationship, tables are named after the class, queries through db.session / Model.query.
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Author(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    email = db.Column(db.String(120))
    books = db.relationship("Book", backref="author")


class Book(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("author.id"))
    title = db.Column(db.String, nullable=False)


class BookReview(db.Model):
    review_id = db.Column(db.Integer, primary_key=True)
    book_id = db.Column(db.ForeignKey("book.id"), nullable=False)
    book = db.relationship("Book")


a = Author(name="Ann")
Author(name=1)  # E: Argument "name" to "Author" has incompatible type "int"; expected "str"  [arg-type]
Book(titel="x")  # E: `Book(titel=...)`: `Book` has no attribute `titel` (did you mean `title`?), the constructor raises TypeError (ORM202)  [orm-unknown-column]
reveal_type(a.id)  # N: Revealed type is "int"
reveal_type(a.email)  # N: Revealed type is "str | None"
reveal_type(a.books)  # N: Revealed type is "list[flask_models.Book]"
reveal_type(Book().author)  # N: Revealed type is "flask_models.Author | None"
reveal_type(BookReview().book)  # N: Revealed type is "flask_models.Book | None"
reveal_type(Author.name)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[str]"
reveal_type(Author.query)  # N: Revealed type is "flask_sqlalchemy.query.Query"
reveal_type(db.session.query(Author).first())  # N: Revealed type is "flask_models.Author | None"
reveal_type(db.session.get(Book, 1))  # N: Revealed type is "flask_models.Book | None"
for book in a.books:
    reveal_type(book.title)  # N: Revealed type is "str"
a.nmae  # E: "Author" has no attribute "nmae"  [attr-defined]


class CustomSQLAlchemy(SQLAlchemy):
    pass


custom_db = CustomSQLAlchemy()


class Shelf(custom_db.Model):
    id = custom_db.Column(custom_db.Integer, primary_key=True)
    name = custom_db.Column(custom_db.String)


Shelf(name=1)  # E: Argument "name" to "Shelf" has incompatible type "int"; expected "str | None"  [arg-type]
