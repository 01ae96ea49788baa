# expect: ORM1 at 52
# why: Classes mapped imperatively (registry.map_imperatively with properties); Package.resources is lazy and read for every package.

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, select
from sqlalchemy.orm import registry, relationship, selectinload

mapper_registry = registry(metadata=MetaData())

package_table = Table(
    "k43_packages", mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False),
)
resource_table = Table(
    "k43_resources", mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("package_id", Integer, ForeignKey("k43_packages.id")),
    Column("url", String(200)),
)


class Base:
    """What the case runner creates tables from."""
    metadata = mapper_registry.metadata


class Package:
    def __init__(self, name, resources=()):
        self.name = name
        self.resources = list(resources)


class Resource:
    def __init__(self, url):
        self.url = url


mapper_registry.map_imperatively(Resource, resource_table)
mapper_registry.map_imperatively(Package, package_table, properties={
    "resources": relationship(Resource, backref="package", order_by=resource_table.c.id),
})


def urls_with_options(session):
    stmt = select(Package).options(selectinload(Package.resources))
    return {p.name: [r.url for r in p.resources] for p in session.scalars(stmt)}


def listing(session):
    out = {}
    for package in session.scalars(select(Package).order_by(Package.name)):
        out[package.name] = len(package.resources)
    return out


run = listing


def seed(session, n):
    for i in range(n):
        session.add(Package(f"p{i}", [Resource(f"http://x/{i}/a"), Resource(f"http://x/{i}/b")]))
