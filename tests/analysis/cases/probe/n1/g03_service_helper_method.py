# expect: ORM1 at 16
# alt: ORM1 at 22 for 16
# why: the helper method reads author.books (lazy) and render() calls it for every author.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


class CatalogueReport:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _line(self, author: Author) -> str:
        titles = ", ".join(b.title for b in author.books)
        return f"{author.name}: {titles}"

    def render(self) -> str:
        lines = []
        for author in self.session.scalars(select(Author).order_by(Author.id)):
            lines.append(self._line(author))
        return "\n".join(lines)


def run(session):
    return CatalogueReport(session).render()


seed = seed_library
__all__ = ["Base"]
