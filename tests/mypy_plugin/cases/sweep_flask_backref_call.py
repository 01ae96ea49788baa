# Flask-SQLAlchemy's db.backref("users", lazy="dynamic") declares the attribute on the target like
# backref(...) does (redash: Organization.users came from User.org's db.backref and was reported as
# a missing attribute).
from shop.models import Organization, User

org = Organization()
reveal_type(org.members)  # N: Revealed type is "list[shop.models.User]"
reveal_type(User().org)  # N: Revealed type is "shop.models.Organization | None"
reveal_type(org.users)  # N: Revealed type is "Any"
org.users.filter(User.email == "a").count()
org.nothing  # E: "Organization" has no attribute "nothing"  [attr-defined]
# ---- file: shop/__init__.py
# ---- file: shop/models.py
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Organization(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(320), nullable=False)
    org_id = db.Column(db.Integer, db.ForeignKey("organization.id"))
    org = db.relationship("Organization", backref=db.backref("users", lazy="dynamic"))
    team = db.relationship("Organization", backref=db.backref("members"))
