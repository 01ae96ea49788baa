# redash: a backref on a model named Query (as are sqlalchemy.orm.query.Query and
# flask_sqlalchemy.query.Query) must not make those library modules depend on this one: the
# import cycle that made left `from flask_sqlalchemy import BaseQuery` (a name of the package's
# module __getattr__) "not valid as a type".
from flask_sqlalchemy import BaseQuery, SQLAlchemy

db = SQLAlchemy()


class SearchBaseQuery(BaseQuery):
    pass


class Query(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Alert(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    query_id = db.Column(db.Integer, db.ForeignKey("query.id"))
    query_rel = db.relationship(Query, backref="alerts")


reveal_type(Query().alerts)  # N: Revealed type is "list[flask2_backref_library_name.Alert]"
