"""The SPARQL 1.1 rules that the grammar alone does not express, checked on the parse tree.

Variable scope (§18.2.1: ``BIND`` and ``SELECT (… AS ?v)`` must not rebind a variable in
scope), grouping (§11.4: a grouped ``SELECT`` projects only group keys and aggregates),
``VALUES`` rows as long as their variable list, blank nodes (a label in one basic graph
pattern only, none in ``DELETE``) and no variables in ``INSERT DATA`` / ``DELETE DATA``; and
the weight that bounds the tree's depth. Every function here is iterative: no tree makes it
recurse.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Set
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Token, Tree
    from typing_extensions import TypeIs

    Node = Tree[Token]
    Item = Token | Tree[Token]

# How deep the parse tree may be when each chain weighs its length (see nesting_weight).
# pyoxigraph 0.5 overflows an 8 MiB stack at about 2,200 nested groups, 2,600 MINUS or BIND,
# 4,000 triples in one basic graph pattern, 6,500 UNION or 9,000 `||`.
MAX_NESTING = 1000

_CHAINS = frozenset(
    {
        "union_graph_pattern",
        "group_graph_pattern_sub",
        "or_expression",
        "and_expression",
        "additive_expression",
        "multiplicative_expression",
        "path_alternative",
        "path_sequence",
        "update",
    }
)
_PATTERNS = frozenset({"triples_block", "construct_where"})
_OBJECTS = frozenset({"object_list", "object_list_path", "collection", "collection_path"})
_OPAQUE = frozenset(
    {"filter", "minus_graph_pattern", "exists_function", "not_exists_function", "aggregate"}
)
_EMPTY: frozenset[str] = frozenset()


class Problem(Exception):
    """A rule broken at *offset* (in the decoded text)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def nesting_weight(node: Node) -> int:
    """What *node* adds to the depth: a chain its length, a basic graph pattern its triples.

    Data and templates (``INSERT DATA``, ``CONSTRUCT { … }``) are flat lists to Oxigraph and
    weigh 1 a node; a basic graph pattern is a chain of joins, one a triple.
    """
    if node.data in _CHAINS:
        return max(1, len(node.children))
    if node.data in _PATTERNS:
        return max(1, sum(len(n.children) for n in _subtrees(node) if n.data in _OBJECTS))
    return 1


def first_offset(item: Item) -> int:
    """The offset of the first token under *item* (0 if it has none)."""
    return next((offset_of(token) for token in _tokens(item)), 0)


def check_rules(nodes: list[Node]) -> None:
    """Check the rules on *nodes*, the parse tree's nodes in pre-order; raise :class:`Problem`."""
    scope: dict[int, Set[str]] = {}  # in-scope (patterns) or free (expressions) variables
    labels: dict[str, int] = {}  # blank node label -> the basic graph pattern using it
    patterns = itertools.count()

    def variables(item: Item) -> Set[str]:
        if is_tree(item):
            return scope.get(id(item), _EMPTY)
        return {item[1:]} if item.type == "VAR" else _EMPTY

    def claim(block: Node, pattern: int) -> None:
        for token in _tokens(block, "BLANK_NODE_LABEL"):
            if labels.setdefault(token[2:], pattern) != pattern:
                raise Problem(
                    f"blank node {token} is used in two basic graph patterns", offset_of(token)
                )

    for node in reversed(nodes):  # children before their parents
        kind, children = node.data, node.children
        found: Set[str] = _EMPTY
        if kind in ("bind", "select_expr", "group_as", "service_graph_pattern"):
            found = variables(children[-1])  # the assigned variable / the service's pattern
        elif kind in ("select_query", "sub_select"):
            found = _check_select(node, variables)
        elif kind not in _OPAQUE:
            found = _union(variables(child) for child in children)
        if kind == "group_graph_pattern_sub":
            _check_binds(trees(children), variables)
            pattern = None
            for child in trees(children):  # a FILTER does not end a basic graph pattern
                if child.data == "triples_block":
                    pattern = next(patterns) if pattern is None else pattern
                    claim(child, pattern)
                elif child.data != "filter":
                    pattern = None
        elif kind in ("construct_where", "insert_data"):
            claim(node, next(patterns))
        elif kind == "data_full":
            _check_values(children)
        if kind in ("insert_data", "delete_data"):
            var = next(_tokens(node, "VAR"), None)
            if var is not None:
                raise Problem(f"variable {var} in {kind.replace('_', ' ').upper()}", offset_of(var))
        if kind in ("delete_data", "delete_where", "delete_clause"):
            _check_no_blank_nodes(node)
        scope[id(node)] = found


_Variables = Callable[["Item"], Set[str]]


def _check_binds(children: Iterable[Node], variables: _Variables) -> None:
    """``BIND(… AS ?v)``: ?v must not be in scope in the group before the BIND (§18.2.1)."""
    seen: set[str] = set()
    for child in children:
        if child.data == "bind":
            var = as_token(child.children[-1])
            if var[1:] in seen:
                raise Problem(f"BIND assigns {var}, which is already in scope", offset_of(var))
        seen |= variables(child)


def _check_select(node: Node, variables: _Variables) -> Set[str]:
    """Check the projection of a (sub-)SELECT (§18.2.1, §11.4); return what it projects."""
    clause, *rest = trees(node.children)  # then FROM clauses, WHERE and the modifiers
    modifiers = {child.data: child for child in rest}
    in_where = variables(modifiers["where_clause"])
    group = modifiers.get("group_clause")
    parts = (clause, modifiers.get("having_clause"), modifiers.get("order_clause"))
    grouped = group is not None or any(_has_aggregate(p) for p in parts if p is not None)
    if not clause.children:  # SELECT *
        if grouped:
            raise Problem("SELECT * cannot be used with GROUP BY or aggregates", first_offset(node))
        return in_where
    keys: set[str] = set()  # grouped variables, and those a grouped SELECT assigned
    for condition in group.children if group is not None else ():
        if not is_tree(condition) or condition.data == "group_as":
            keys |= variables(condition)
    projected: set[str] = set()
    for item in clause.children:
        if not is_tree(item):
            if grouped and item[1:] not in keys:
                raise Problem(
                    f"{item} is projected but neither grouped nor aggregated", offset_of(item)
                )
            projected.add(item[1:])
            continue
        expression, var = item.children[0], as_token(item.children[-1])
        if var[1:] in in_where or var[1:] in projected:
            raise Problem(f"SELECT assigns {var}, which is already in scope", offset_of(var))
        free = sorted(variables(expression) - keys) if grouped else []
        if free:
            raise Problem(f"?{free[0]} is used but neither grouped nor aggregated", offset_of(var))
        keys.add(var[1:])
        projected.add(var[1:])
    return projected


def _check_values(children: list[Item]) -> None:
    """Every row of ``VALUES (?a ?b) { … }`` has as many values as there are variables."""
    width = sum(1 for child in children if not is_tree(child) and child.type == "VAR")
    for row in trees(children):
        values = [v for v in row.children if is_tree(v) or v.type != "NIL"]
        if len(values) != width:
            message = f"a VALUES row has {len(values)} values for {width} variables"
            raise Problem(message, first_offset(row))


def _check_no_blank_nodes(node: Node) -> None:
    """``DELETE`` templates and data have no blank nodes (SPARQL 1.1 Update §3.1.3)."""
    for item in _walk(node):
        if is_tree(item):
            if item.data in ("blank_node_property_list", "collection"):
                raise Problem("blank nodes are not allowed in DELETE", first_offset(item))
        elif item.type in ("BLANK_NODE_LABEL", "ANON"):
            raise Problem("blank nodes are not allowed in DELETE", offset_of(item))


def _has_aggregate(node: Node) -> bool:
    """Whether an aggregate occurs in *node*, outside nested group graph patterns."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item.data == "aggregate":
            return True
        stack.extend(c for c in trees(item.children) if c.data != "group_graph_pattern")
    return False


def _union(sets: Iterable[Set[str]]) -> Set[str]:
    """The union of *sets*, copying only when two of them are non-empty."""
    found: Set[str] = _EMPTY
    owned: set[str] | None = None
    for more in sets:
        if more and not found:
            found = more
        elif more:
            if owned is None:
                found = owned = set(found)
            owned |= more
    return found


def _walk(item: Item) -> Iterator[Item]:
    """*item* and everything under it, in text order (iteratively)."""
    stack = [item]
    while stack:
        top = stack.pop()
        yield top
        if is_tree(top):
            stack.extend(reversed(top.children))


def _subtrees(node: Node) -> Iterator[Node]:
    return trees(_walk(node))


def _tokens(item: Item, kind: str | None = None) -> Iterator[Token]:
    """The tokens under *item* (of type *kind*, unless None), in text order."""
    for top in _walk(item):
        if not is_tree(top) and (kind is None or top.type == kind):
            yield top


def trees(items: Iterable[Item]) -> Iterator[Node]:
    """The trees among *items*."""
    return (item for item in items if is_tree(item))


def is_tree(item: Item) -> TypeIs[Node]:
    """Whether *item* is a tree, not a token (a lark token is a str)."""
    return not isinstance(item, str)


def as_tree(item: Item) -> Node:
    """*item*, which must be a tree."""
    assert is_tree(item), item
    return item


def as_token(item: Item) -> Token:
    """*item*, which must be a token."""
    assert not is_tree(item), item
    return item


def offset_of(token: Token) -> int:
    """The offset of *token* in the text."""
    return token.start_pos or 0
