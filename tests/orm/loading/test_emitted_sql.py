"""The SQL each loader strategy, option and Query call emits, compared with what SQLAlchemy 2.0
emits for the same models (observed once by running SQLAlchemy; strings kept here), on SQLite.
"""
from __future__ import annotations

from typing import Any

import pytest

from orm import (
    Session, aliased, contains_eager, defer, func, joinedload, lazyload, load_only, select,
    selectinload, subqueryload, undefer, undefer_group,
)

CASES: dict[str, Any] = {
    "plain": lambda s, m: s.scalars(select(m.User)).all(),
    "joined_o2m": lambda s, m: s.scalars(select(m.User).options(joinedload(m.User.addresses))).unique().all(),
    "joined_m2o_inner": lambda s, m: s.scalars(select(m.Address).options(joinedload(m.Address.user, innerjoin=True))).all(),
    "joined_nested": lambda s, m: s.scalars(select(m.User).options(joinedload(m.User.posts).joinedload(m.Post.comments), joinedload(m.User.addresses))).unique().all(),
    "joined_nested_inner": lambda s, m: s.scalars(select(m.User).options(joinedload(m.User.posts).joinedload(m.Post.comments, innerjoin=True))).unique().all(),
    "joined_limit": lambda s, m: s.scalars(select(m.User).order_by(m.User.name.desc()).limit(2).options(joinedload(m.User.posts))).unique().all(),
    "joined_m2m": lambda s, m: s.scalars(select(m.User).options(joinedload(m.User.keywords))).unique().all(),
    "joined_selfref": lambda s, m: s.scalars(select(m.Node).options(joinedload(m.Node.children))).unique().all(),
    "joined_multi_entity": lambda s, m: s.execute(select(m.User, m.Address).join(m.User.addresses).options(joinedload(m.Address.user))).all(),
    "selectin_o2m": lambda s, m: s.scalars(select(m.User).options(selectinload(m.User.addresses))).all(),
    "selectin_m2o": lambda s, m: s.scalars(select(m.Address).options(selectinload(m.Address.user))).all(),
    "selectin_m2m": lambda s, m: s.scalars(select(m.User).options(selectinload(m.User.keywords))).all(),
    "selectin_chain_joined": lambda s, m: s.scalars(select(m.User).options(selectinload(m.User.posts).joinedload(m.Post.comments))).all(),
    "selectin_selfref": lambda s, m: s.scalars(select(m.Node).options(selectinload(m.Node.children))).all(),
    "subquery_o2m": lambda s, m: s.scalars(select(m.User).where(m.User.id > 1).order_by(m.User.name).options(subqueryload(m.User.addresses))).all(),
    "subquery_m2o": lambda s, m: s.scalars(select(m.Address).options(subqueryload(m.Address.user))).all(),
    "subquery_m2m": lambda s, m: s.scalars(select(m.User).options(subqueryload(m.User.keywords))).all(),
    "lazy_o2m": lambda s, m: [u.addresses for u in s.scalars(select(m.User).where(m.User.id == 1)).all()],
    "lazy_m2o": lambda s, m: [a.user for a in s.scalars(select(m.Address).where(m.Address.id == 10)).all()],
    "lazy_m2m": lambda s, m: [u.keywords for u in s.scalars(select(m.User).where(m.User.id == 1)).all()],
    "lazy_selfref": lambda s, m: [n.children for n in s.scalars(select(m.Node).where(m.Node.id == 1)).all()],
    "lazy_chained_option": lambda s, m: [u.posts for u in s.scalars(select(m.User).where(m.User.id == 1).options(lazyload(m.User.posts).joinedload(m.Post.comments))).all()],
    "undefer": lambda s, m: s.scalars(select(m.User).options(undefer(m.User.bio))).all(),
    "undefer_group": lambda s, m: s.scalars(select(m.User).options(undefer_group("profile"))).all(),
    "load_only": lambda s, m: s.scalars(select(m.User).options(load_only(m.User.name))).all(),
    "defer": lambda s, m: s.scalars(select(m.User).options(defer(m.User.name))).all(),
    "deferred_access": lambda s, m: [u.bio for u in s.scalars(select(m.User).where(m.User.id == 1)).all()],
    "get": lambda s, m: s.get(m.User, 2),
    "columns": lambda s, m: s.execute(select(m.User.id, m.User.name)).all(),
    "multi": lambda s, m: s.execute(select(m.User, m.Address).join(m.User.addresses)).all(),
    "contains_eager": lambda s, m: s.scalars(select(m.User).join(m.User.addresses).options(contains_eager(m.User.addresses))).unique().all(),
    "query": lambda s, m: s.query(m.User).filter_by(name="user1").all(),
    "query_joined": lambda s, m: s.query(m.User).options(joinedload(m.User.addresses)).all(),
    "query_first_joined": lambda s, m: s.query(m.User).options(joinedload(m.User.addresses)).first(),
    "query_count": lambda s, m: s.query(m.User).filter(m.User.id > 1).count(),
    "query_slice": lambda s, m: s.query(m.User).order_by(m.User.id)[1:3],
    "query_exists": lambda s, m: s.query(s.query(m.User).filter(m.User.id == 1).exists()).scalar(),
    "query_group_by": lambda s, m: s.query(m.User, func.count(m.Address.id).label("n")).join(m.User.addresses).group_by(m.User).all(),
    "query_scalar": lambda s, m: s.query(m.User.name).filter(m.User.id == 1).scalar(),
    "aliased": lambda s, m: s.scalars(select(aliased(m.User))).all(),
    'contains_eager_of_type': lambda s, m: (lambda a: s.scalars(select(m.User).join(m.User.addresses.of_type(a)).options(contains_eager(m.User.addresses.of_type(a)))).unique().all())(aliased(m.Address)),
    'contains_eager_alias': lambda s, m: (lambda a: s.scalars(select(m.User).join(a, m.User.addresses).options(contains_eager(m.User.addresses, alias=a))).unique().all())(aliased(m.Address)),
    'contains_eager_m2o': lambda s, m: s.scalars(select(m.Address).join(m.Address.user).options(contains_eager(m.Address.user))).all(),
    'aliased_joined': lambda s, m: (lambda ua: s.scalars(select(ua).options(joinedload(ua.addresses))).unique().all())(aliased(m.User)),
    'aliased_selectin': lambda s, m: (lambda ua: s.scalars(select(ua).options(selectinload(ua.addresses))).all())(aliased(m.User)),
    'aliased_subquery': lambda s, m: (lambda ua: s.scalars(select(ua).where(ua.id > 0).options(subqueryload(ua.addresses))).all())(aliased(m.User)),
    'aliased_defer': lambda s, m: (lambda ua: s.scalars(select(ua).options(defer(ua.name))).all())(aliased(m.User)),
    'aliased_lazy': lambda s, m: [len(u.addresses) for u in (lambda ua: s.scalars(select(ua).where(ua.id == 1)))(aliased(m.User))],
    'query_union': lambda s, m: s.query(m.User).filter(m.User.id == 1).union(s.query(m.User).filter(m.User.id == 2)).order_by(m.User.id).all(),
    'query_union_all_count': lambda s, m: s.query(m.User).filter(m.User.id == 1).union_all(s.query(m.User).filter(m.User.id == 2)).count(),
    'query_column_union': lambda s, m: s.query(m.User.id).union(s.query(m.Address.user_id)).all(),
}

# what SQLAlchemy 2.0 executes for each case (SQLite paramstyle)
EXPECTED: dict[str, list[str]] = {
    'plain': [
        'SELECT users.id, users.name ' "\n"
        'FROM users',
    ],
    'joined_o2m': [
        'SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id ' "\n"
        'FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY addresses_1.id',
    ],
    'joined_m2o_inner': [
        'SELECT addresses.id, addresses.email, addresses.user_id, users_1.id AS id_1, users_1.name ' "\n"
        'FROM addresses JOIN users AS users_1 ON users_1.id = addresses.user_id',
    ],
    'joined_nested': [
        'SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id, comments_1.id AS id_2, comments_1.post_id, comments_1.text, posts_1.id AS id_3, posts_1.title, posts_1.author_id ' "\n"
        'FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id LEFT OUTER JOIN posts AS posts_1 ON users.id = posts_1.author_id LEFT OUTER JOIN comments AS comments_1 ON posts_1.id = comments_1.post_id ORDER BY addresses_1.id, posts_1.id, comments_1.id',
    ],
    'joined_nested_inner': [
        'SELECT users.id, users.name, comments_1.id AS id_1, comments_1.post_id, comments_1.text, posts_1.id AS id_2, posts_1.title, posts_1.author_id ' "\n"
        'FROM users LEFT OUTER JOIN (posts AS posts_1 JOIN comments AS comments_1 ON posts_1.id = comments_1.post_id) ON users.id = posts_1.author_id ORDER BY posts_1.id, comments_1.id',
    ],
    'joined_limit': [
        'SELECT anon_1.id, anon_1.name, posts_1.id AS id_1, posts_1.title, posts_1.author_id ' "\n"
        'FROM (SELECT users.id AS id, users.name AS name ' "\n"
        'FROM users ORDER BY users.name DESC' "\n"
        ' LIMIT ? OFFSET ?) AS anon_1 LEFT OUTER JOIN posts AS posts_1 ON anon_1.id = posts_1.author_id ORDER BY anon_1.name DESC, posts_1.id',
    ],
    'joined_m2m': [
        'SELECT users.id, users.name, keywords_1.id AS id_1, keywords_1.word ' "\n"
        'FROM users LEFT OUTER JOIN (user_keywords AS user_keywords_1 JOIN keywords AS keywords_1 ON keywords_1.id = user_keywords_1.keyword_id) ON users.id = user_keywords_1.user_id ORDER BY keywords_1.id',
    ],
    'joined_selfref': [
        'SELECT nodes.id, nodes.parent_id, nodes.name, nodes_1.id AS id_1, nodes_1.parent_id AS parent_id_1, nodes_1.name AS name_1 ' "\n"
        'FROM nodes LEFT OUTER JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id ORDER BY nodes_1.id',
    ],
    'joined_multi_entity': [
        'SELECT users.id, users.name, addresses.id AS id_1, addresses.email, addresses.user_id, users_1.id AS id_2, users_1.name AS name_1 ' "\n"
        'FROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN users AS users_1 ON users_1.id = addresses.user_id',
    ],
    'selectin_o2m': [
        'SELECT users.id, users.name ' "\n"
        'FROM users',
        'SELECT addresses.user_id AS addresses_user_id, addresses.id AS addresses_id, addresses.email AS addresses_email ' "\n"
        'FROM addresses ' "\n"
        'WHERE addresses.user_id IN (?, ?, ?) ORDER BY addresses.id',
    ],
    'selectin_m2o': [
        'SELECT addresses.id, addresses.email, addresses.user_id ' "\n"
        'FROM addresses',
        'SELECT users.id AS users_id, users.name AS users_name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id IN (?, ?, ?)',
    ],
    'selectin_m2m': [
        'SELECT users.id, users.name ' "\n"
        'FROM users',
        'SELECT users_1.id AS users_1_id, keywords.id AS keywords_id, keywords.word AS keywords_word ' "\n"
        'FROM users AS users_1 JOIN user_keywords AS user_keywords_1 ON users_1.id = user_keywords_1.user_id JOIN keywords ON keywords.id = user_keywords_1.keyword_id ' "\n"
        'WHERE users_1.id IN (?, ?, ?) ORDER BY keywords.id',
    ],
    'selectin_chain_joined': [
        'SELECT users.id, users.name ' "\n"
        'FROM users',
        'SELECT posts.author_id AS posts_author_id, posts.id AS posts_id, posts.title AS posts_title, comments_1.id AS comments_1_id, comments_1.post_id AS comments_1_post_id, comments_1.text AS comments_1_text ' "\n"
        'FROM posts LEFT OUTER JOIN comments AS comments_1 ON posts.id = comments_1.post_id ' "\n"
        'WHERE posts.author_id IN (?, ?, ?) ORDER BY posts.id, comments_1.id',
    ],
    'selectin_selfref': [
        'SELECT nodes.id, nodes.parent_id, nodes.name ' "\n"
        'FROM nodes',
        'SELECT nodes.parent_id AS nodes_parent_id, nodes.id AS nodes_id, nodes.name AS nodes_name ' "\n"
        'FROM nodes ' "\n"
        'WHERE nodes.parent_id IN (?, ?, ?, ?) ORDER BY nodes.id',
    ],
    'subquery_o2m': [
        'SELECT users.id, users.name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id > ? ORDER BY users.name',
        'SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id, anon_1.users_id AS anon_1_users_id ' "\n"
        'FROM (SELECT users.id AS users_id ' "\n"
        'FROM users ' "\n"
        'WHERE users.id > ?) AS anon_1 JOIN addresses ON anon_1.users_id = addresses.user_id ORDER BY addresses.id',
    ],
    'subquery_m2o': [
        'SELECT addresses.id, addresses.email, addresses.user_id ' "\n"
        'FROM addresses',
        'SELECT users.id AS users_id, users.name AS users_name, anon_1.addresses_user_id AS anon_1_addresses_user_id ' "\n"
        'FROM (SELECT DISTINCT addresses.user_id AS addresses_user_id ' "\n"
        'FROM addresses) AS anon_1 JOIN users ON users.id = anon_1.addresses_user_id',
    ],
    'subquery_m2m': [
        'SELECT users.id, users.name ' "\n"
        'FROM users',
        'SELECT keywords.id AS keywords_id, keywords.word AS keywords_word, anon_1.users_id AS anon_1_users_id ' "\n"
        'FROM (SELECT users.id AS users_id ' "\n"
        'FROM users) AS anon_1 JOIN user_keywords AS user_keywords_1 ON anon_1.users_id = user_keywords_1.user_id JOIN keywords ON keywords.id = user_keywords_1.keyword_id ORDER BY keywords.id',
    ],
    'lazy_o2m': [
        'SELECT users.id, users.name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
        'SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id ' "\n"
        'FROM addresses ' "\n"
        'WHERE ? = addresses.user_id ORDER BY addresses.id',
    ],
    'lazy_m2o': [
        'SELECT addresses.id, addresses.email, addresses.user_id ' "\n"
        'FROM addresses ' "\n"
        'WHERE addresses.id = ?',
        'SELECT users.id AS users_id, users.name AS users_name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
    ],
    'lazy_m2m': [
        'SELECT users.id, users.name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
        'SELECT keywords.id AS keywords_id, keywords.word AS keywords_word ' "\n"
        'FROM keywords, user_keywords ' "\n"
        'WHERE ? = user_keywords.user_id AND keywords.id = user_keywords.keyword_id ORDER BY keywords.id',
    ],
    'lazy_selfref': [
        'SELECT nodes.id, nodes.parent_id, nodes.name ' "\n"
        'FROM nodes ' "\n"
        'WHERE nodes.id = ?',
        'SELECT nodes.id AS nodes_id, nodes.parent_id AS nodes_parent_id, nodes.name AS nodes_name ' "\n"
        'FROM nodes ' "\n"
        'WHERE ? = nodes.parent_id ORDER BY nodes.id',
    ],
    'lazy_chained_option': [
        'SELECT users.id, users.name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
        'SELECT posts.id AS posts_id, posts.title AS posts_title, posts.author_id AS posts_author_id, comments_1.id AS comments_1_id, comments_1.post_id AS comments_1_post_id, comments_1.text AS comments_1_text ' "\n"
        'FROM posts LEFT OUTER JOIN comments AS comments_1 ON posts.id = comments_1.post_id ' "\n"
        'WHERE ? = posts.author_id ORDER BY posts.id, comments_1.id',
    ],
    'undefer': [
        'SELECT users.id, users.name, users.bio ' "\n"
        'FROM users',
    ],
    'undefer_group': [
        'SELECT users.id, users.name, users.bio, users.motto ' "\n"
        'FROM users',
    ],
    'load_only': [
        'SELECT users.id, users.name ' "\n"
        'FROM users',
    ],
    'defer': [
        'SELECT users.id ' "\n"
        'FROM users',
    ],
    'deferred_access': [
        'SELECT users.id, users.name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
        'SELECT users.bio AS users_bio, users.motto AS users_motto ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
    ],
    'get': [
        'SELECT users.id AS users_id, users.name AS users_name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
    ],
    'columns': [
        'SELECT users.id, users.name ' "\n"
        'FROM users',
    ],
    'multi': [
        'SELECT users.id, users.name, addresses.id AS id_1, addresses.email, addresses.user_id ' "\n"
        'FROM users JOIN addresses ON users.id = addresses.user_id',
    ],
    'contains_eager': [
        'SELECT addresses.id, addresses.email, addresses.user_id, users.id AS id_1, users.name ' "\n"
        'FROM users JOIN addresses ON users.id = addresses.user_id',
    ],
    'query': [
        'SELECT users.id AS users_id, users.name AS users_name ' "\n"
        'FROM users ' "\n"
        'WHERE users.name = ?',
    ],
    'query_joined': [
        'SELECT users.id AS users_id, users.name AS users_name, addresses_1.id AS addresses_1_id, addresses_1.email AS addresses_1_email, addresses_1.user_id AS addresses_1_user_id ' "\n"
        'FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY addresses_1.id',
    ],
    'query_first_joined': [
        'SELECT anon_1.users_id AS anon_1_users_id, anon_1.users_name AS anon_1_users_name, addresses_1.id AS addresses_1_id, addresses_1.email AS addresses_1_email, addresses_1.user_id AS addresses_1_user_id ' "\n"
        'FROM (SELECT users.id AS users_id, users.name AS users_name ' "\n"
        'FROM users' "\n"
        ' LIMIT ? OFFSET ?) AS anon_1 LEFT OUTER JOIN addresses AS addresses_1 ON anon_1.users_id = addresses_1.user_id ORDER BY addresses_1.id',
    ],
    'query_count': [
        'SELECT count(*) AS count_1 ' "\n"
        'FROM (SELECT users.id AS users_id, users.name AS users_name, users.bio AS users_bio, users.motto AS users_motto ' "\n"
        'FROM users ' "\n"
        'WHERE users.id > ?) AS anon_1',
    ],
    'query_slice': [
        'SELECT users.id AS users_id, users.name AS users_name ' "\n"
        'FROM users ORDER BY users.id' "\n"
        ' LIMIT ? OFFSET ?',
    ],
    'query_exists': [
        'SELECT EXISTS (SELECT 1 ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?) AS anon_1',
    ],
    'query_group_by': [
        'SELECT users.id AS users_id, users.name AS users_name, count(addresses.id) AS n ' "\n"
        'FROM users JOIN addresses ON users.id = addresses.user_id GROUP BY users.id, users.name, users.bio, users.motto',
    ],
    'query_scalar': [
        'SELECT users.name AS users_name ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?',
    ],
    'aliased': [
        'SELECT users_1.id, users_1.name ' "\n"
        'FROM users AS users_1',
    ],
    'contains_eager_of_type': [
        'SELECT addresses_1.id, addresses_1.email, addresses_1.user_id, users.id AS id_1, users.name ' "\n"
        'FROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id',
    ],
    'contains_eager_alias': [
        'SELECT addresses_1.id, addresses_1.email, addresses_1.user_id, users.id AS id_1, users.name ' "\n"
        'FROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id',
    ],
    'contains_eager_m2o': [
        'SELECT users.id, users.name, addresses.id AS id_1, addresses.email, addresses.user_id ' "\n"
        'FROM addresses JOIN users ON users.id = addresses.user_id',
    ],
    'aliased_joined': [
        'SELECT users_1.id, users_1.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id ' "\n"
        'FROM users AS users_1 LEFT OUTER JOIN addresses AS addresses_1 ON users_1.id = addresses_1.user_id ORDER BY addresses_1.id',
    ],
    'aliased_selectin': [
        'SELECT users_1.id, users_1.name ' "\n"
        'FROM users AS users_1',
        'SELECT addresses.user_id AS addresses_user_id, addresses.id AS addresses_id, addresses.email AS addresses_email ' "\n"
        'FROM addresses ' "\n"
        'WHERE addresses.user_id IN (?, ?, ?) ORDER BY addresses.id',
    ],
    'aliased_subquery': [
        'SELECT users_1.id, users_1.name ' "\n"
        'FROM users AS users_1 ' "\n"
        'WHERE users_1.id > ?',
        'SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id, anon_1.users_1_id AS anon_1_users_1_id ' "\n"
        'FROM (SELECT users_1.id AS users_1_id ' "\n"
        'FROM users AS users_1 ' "\n"
        'WHERE users_1.id > ?) AS anon_1 JOIN addresses ON anon_1.users_1_id = addresses.user_id ORDER BY addresses.id',
    ],
    'aliased_defer': [
        'SELECT users_1.id ' "\n"
        'FROM users AS users_1',
    ],
    'aliased_lazy': [
        'SELECT users_1.id, users_1.name ' "\n"
        'FROM users AS users_1 ' "\n"
        'WHERE users_1.id = ?',
        'SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id ' "\n"
        'FROM addresses ' "\n"
        'WHERE ? = addresses.user_id ORDER BY addresses.id',
    ],
    'query_union': [
        'SELECT anon_1.users_id AS anon_1_users_id, anon_1.users_name AS anon_1_users_name ' "\n"
        'FROM (SELECT users.id AS users_id, users.name AS users_name, users.bio AS users_bio, users.motto AS users_motto ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ? UNION SELECT users.id AS users_id, users.name AS users_name, users.bio AS users_bio, users.motto AS users_motto ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?) AS anon_1 ORDER BY anon_1.users_id',
    ],
    'query_union_all_count': [
        'SELECT count(*) AS count_1 ' "\n"
        'FROM (SELECT anon_2.users_id AS anon_2_users_id, anon_2.users_name AS anon_2_users_name ' "\n"
        'FROM (SELECT users.id AS users_id, users.name AS users_name, users.bio AS users_bio, users.motto AS users_motto ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ? UNION ALL SELECT users.id AS users_id, users.name AS users_name, users.bio AS users_bio, users.motto AS users_motto ' "\n"
        'FROM users ' "\n"
        'WHERE users.id = ?) AS anon_2) AS anon_1',
    ],
    'query_column_union': [
        'SELECT anon_1.users_id AS anon_1_users_id ' "\n"
        'FROM (SELECT users.id AS users_id ' "\n"
        'FROM users UNION SELECT addresses.user_id AS addresses_user_id ' "\n"
        'FROM addresses) AS anon_1',
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_sql_matches_sqlalchemy(sqlite_db: Any, case: str) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    log.clear()
    with Session(sqlite_db.engine) as s:
        CASES[case](s, m)
    assert log.sql == EXPECTED[case]
