# expect: ORM1 at 20
# why: Recipe.instructions is deferred(); reading it per recipe loads it with one SELECT each.

from sqlalchemy import Column, Integer, String, Text
from sqlalchemy.orm import declarative_base, deferred

Base = declarative_base()


class Recipe(Base):
    __tablename__ = "recipes"
    id = Column(Integer, primary_key=True)
    title = Column(String(120))
    instructions = deferred(Column(Text))


def baking_recipes(session):
    found = []
    for recipe in session.query(Recipe).order_by(Recipe.title):
        if "bake" in recipe.instructions:
            found.append(recipe.title)
    return found


run = baking_recipes


def seed(session, n):
    for i in range(n):
        session.add(Recipe(title=f"r{i}", instructions="bake it"))
