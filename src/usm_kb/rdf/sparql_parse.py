r"""SPARQL 1.1 Query and Update, parsed by the grammar: the ground the query policy decides on.

:func:`parse_query` decodes codepoint escapes first (``\uXXXX``, ``\UXXXXXXXX``, as §19.2
says), bounds the bracket nesting, parses with an LALR(1) grammar of the complete SPARQL 1.1
Query and Update languages (``sparql.lark``, linear time), applies the rules that the grammar
alone does not express (:mod:`usm_kb.rdf.sparql_rules`) and sums up what the policy needs:
the query form or the update operations, every ``SERVICE`` target and the ``FROM`` graphs.

Every walk over the parse tree is iterative and the tree's weighted depth is bounded, so no
text makes Python raise ``RecursionError``, nor hands Oxigraph's recursive evaluator a chain
long enough to overflow its stack.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from usm_kb.rdf.iri import resolve_iri
from usm_kb.rdf.sparql_rules import (
    MAX_NESTING,
    Problem,
    as_token,
    as_tree,
    check_rules,
    first_offset,
    is_tree,
    nesting_weight,
    offset_of,
    trees,
)

if TYPE_CHECKING:
    from lark import Lark, Token

    from usm_kb.rdf.sparql_rules import Item, Node

__all__ = ["MAX_NESTING", "ParsedQuery", "SparqlSyntaxError", "parse_query"]

_NO_PREFIXES: Mapping[str, str] = MappingProxyType({})
_FORMS = {"select_query": "SELECT", "construct_query": "CONSTRUCT"}
_FORMS.update(describe_query="DESCRIBE", ask_query="ASK")
_OPERATIONS = {"insert_data": "INSERT DATA", "delete_data": "DELETE DATA"}
_OPERATIONS.update(delete_where="DELETE WHERE", load="LOAD", clear="CLEAR", drop="DROP")
_OPERATIONS.update(create="CREATE", add="ADD", move="MOVE", copy="COPY")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))|\\[uU]")
# Brackets outside comments, strings and IRIs (a backslash escape is skipped as a unit).
_BRACKETS = re.compile(
    r"""\#[^\r\n]*+|'''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\Z)|\"\"\"(?:[^"\\]|\\.|"(?!""))*+(?:\"\"\"|\Z)
    |'(?:[^'\\\r\n]|\\.)*+'|"(?:[^"\\\r\n]|\\.)*+"|<[^<>"{}|^`\\\x00-\x20]*+>|\\.|[\[({\])}]""",
    re.DOTALL | re.VERBOSE,
)
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r'"([A-Za-z][A-Za-z0-9_]*)"(i?)')
_WORD_END = r"(?![\w\u00B7\u0300-\u036F\u203F\u2040])"


class SparqlSyntaxError(ValueError):
    """A SPARQL text that is not SPARQL 1.1, with its 1-based line and column in the text."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at {line}:{column}" if line is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class ParsedQuery:
    r"""What a parsed SPARQL text asks for.

    *form* is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` for a query and ``None`` for an
    update request (whose *update_operations* may be empty: a request of only prologue). IRIs are
    absolute where the text has a ``BASE``. *text* is the text after codepoint-escape decoding:
    hand the engine this text, which means to it what it meant to this parser (pyoxigraph
    decodes ``\u`` escapes only inside IRIs and strings, §19.2 says everywhere).
    """

    form: str | None
    update_operations: tuple[str, ...] = ()
    service: tuple[str, ...] = ()
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    prefixes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    base: str | None = None
    text: str = ""
    borrowed: tuple[str, ...] = ()  # known prefixes the text uses without declaring them

    @property
    def is_update(self) -> bool:
        """True for a SPARQL Update request (even one without operations)."""
        return self.form is None


def parse_query(
    text: str,
    *,
    prefixes: Mapping[str, str] = _NO_PREFIXES,
    max_depth: int = 200,
    max_nesting: int = MAX_NESTING,
    tables: Path | None = None,
) -> ParsedQuery:
    """Parse *text* as a SPARQL 1.1 query or update request; raise :class:`SparqlSyntaxError`.

    *prefixes* are known before the text's own ``PREFIX`` declarations (which win). A text is
    refused when its brackets nest deeper than *max_depth* or its parse tree, with each chain
    (``UNION``, ``||``, ``+``, group elements, triples of one pattern, …) weighing its length,
    is deeper than *max_nesting*. *tables* is a file where the parser's LALR tables are kept
    between processes (building them costs about a second; loading them, 70 ms); it must be
    in a folder only this user can write (lark stores them with pickle).
    """
    decoded, shifts = _decode(text)
    try:
        _check_brackets(decoded, max_depth)
        summary = _summarise(_parse(decoded, tables), decoded, prefixes, max_nesting)
        check_rules(summary.nodes)
    except Problem as problem:
        line, column = _locate(text, _raw_offset(shifts, problem.offset))
        raise SparqlSyntaxError(problem.message, line, column) from None
    return summary.result()


def _decode(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """*text* with codepoint escapes replaced, and (decoded offset, raw start, raw end) of each."""
    if "\\u" not in text and "\\U" not in text:
        return text, []
    parts: list[str] = []
    shifts: list[tuple[int, int, int]] = []
    done = size = 0
    for match in _ESCAPE.finditer(text):
        digits = match[1] or match[2]
        code = int(digits, 16) if digits else -1
        if not (0 <= code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
            line, column = _locate(text, match.start())
            raise SparqlSyntaxError(f"invalid codepoint escape {match[0]!r}", line, column)
        parts += (text[done : match.start()], chr(code))
        size += match.start() - done
        shifts.append((size, match.start(), match.end()))
        size += 1
        done = match.end()
    parts.append(text[done:])
    return "".join(parts), shifts


def _raw_offset(shifts: list[tuple[int, int, int]], offset: int) -> int:
    """The offset in the raw text of *offset* in the decoded text."""
    index = bisect_right(shifts, offset, key=lambda shift: shift[0]) - 1
    if index < 0:
        return offset
    at, start, end = shifts[index]
    return start if offset == at else end + offset - at - 1


def _locate(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _check_brackets(text: str, max_depth: int) -> None:
    if sum(text.count(c) for c in "{([") <= max_depth:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        char = match[0]
        if char in "{([":
            depth += 1
            if depth > max_depth:
                raise Problem(f"brackets nest more than {max_depth} deep", match.start())
        elif char in "})]":
            depth -= 1


@functools.cache
def _parser(tables: Path | None = None) -> Lark:
    """The LALR(1) parser of ``sparql.lark``, keywords made whole-word terminals (built once).

    The basic lexer tokenizes without context, as the spec's tokenizer does; it compiles one
    scanner, where the contextual lexer compiles one per parser state (a second on first use).
    """
    from lark import Lark

    keywords: dict[str, str] = {}

    def terminal(match: re.Match[str]) -> str:
        name = f"_KW_{match[1].upper()}" + ("" if match[2] else "_CASED")
        keywords[name] = f"/{match[1]}{_WORD_END}/{match[2]}"
        return name

    grammar = _KEYWORD.sub(terminal, (files(__package__) / "sparql.lark").read_text("utf-8"))
    grammar += "".join(f"\n{name}: {regex}" for name, regex in sorted(keywords.items()))
    cache = str(tables) if tables is not None else False
    return Lark(grammar, parser="lalr", lexer="basic", maybe_placeholders=False, cache=cache)


def _parse(text: str, tables: Path | None = None) -> Node:
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    parser = _parser(tables)
    try:
        return parser.parse(text)
    except UnexpectedToken as error:
        token = error.token
        found = "end of text" if token.type == "$END" else repr(str(token))
        offset = len(text) if token.type == "$END" else (token.start_pos or 0)
        expected = _expected(parser, error.expected)
        raise Problem(f"unexpected {found}{expected}", offset) from None
    except UnexpectedCharacters as error:
        offset = error.pos_in_stream or 0
        raise Problem(f"unexpected character {text[offset]!r}", offset) from None
    except UnexpectedInput as error:  # pragma: no cover - the LALR front end raises the above
        raise Problem(str(error).splitlines()[0], len(text)) from None


def _expected(parser: Lark, names: set[str]) -> str:
    """'; expected X, Y' for the terminals an error message names (keywords by their word)."""
    from lark.lexer import PatternStr

    shown = set()
    for name in names - {"$END"}:
        pattern = parser.get_terminal(name).pattern
        if name.startswith("_KW_"):
            name = name[4:].removesuffix("_CASED") if pattern.flags else "a"
        shown.add(pattern.value if isinstance(pattern, PatternStr) else name)
    listed = sorted(shown)
    return f"; expected {', '.join(listed[:8])}{', …' if len(listed) > 8 else ''}" if listed else ""


def _summarise(tree: Node, text: str, known: Mapping[str, str], max_nesting: int) -> _Summary:
    """Walk *tree* in text order (iteratively): its nodes in pre-order, and what it asks for."""
    summary = _Summary(text)
    base, prefixes, service, graphs = None, summary.prefixes, summary.service, summary.graphs
    stack: list[tuple[Item, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if not is_tree(node):
            if node.type in ("PNAME_LN", "PNAME_NS"):
                _expand(node, base, prefixes, known)  # an unknown prefix is an error anywhere
                if node.partition(":")[0] not in prefixes:
                    summary.borrowed.add(node.partition(":")[0])
            continue
        kind, children = node.data, node.children
        if kind in ("prefix_decl", "base_decl"):
            iri = resolve_iri(base, as_token(children[-1])[1:-1])
            if kind == "base_decl":
                base = summary.base = iri
            else:
                prefixes[as_token(children[0])[:-1]] = iri
            continue
        summary.nodes.append(node)
        if kind == "query":
            summary.form = _FORMS[as_tree(children[0]).data]
        elif kind in _OPERATIONS:
            summary.operations.append(_OPERATIONS[kind])
        elif kind == "modify":
            clauses = [c.data[:6].upper() for c in trees(children) if c.data.endswith("_clause")]
            summary.operations.append("/".join(c for c in clauses if c in ("DELETE", "INSERT")))
        elif kind == "service_graph_pattern":
            service.append(_expand(as_token(children[0]), base, prefixes, known))
        elif kind in graphs:
            graphs[kind].append(_expand(as_token(children[0]), base, prefixes, known))
        depth += nesting_weight(node)
        if depth > max_nesting:
            raise Problem(f"the query nests more than {max_nesting} levels", first_offset(node))
        stack.extend((child, depth) for child in reversed(children))
    return summary


@dataclass
class _Summary:
    text: str
    form: str | None = None
    base: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    operations: list[str] = field(default_factory=list)
    service: list[str] = field(default_factory=list)
    graphs: dict[str, list[str]] = field(
        default_factory=lambda: {"from_clause": [], "from_named_clause": []}
    )
    nodes: list[Node] = field(default_factory=list)
    borrowed: set[str] = field(default_factory=set)

    def result(self) -> ParsedQuery:
        return ParsedQuery(
            form=self.form,
            update_operations=tuple(self.operations),
            service=tuple(self.service),
            from_graphs=tuple(self.graphs["from_clause"]),
            from_named_graphs=tuple(self.graphs["from_named_clause"]),
            prefixes=MappingProxyType(self.prefixes),
            base=self.base,
            text=self.text,
            borrowed=tuple(sorted(self.borrowed)),
        )


def _expand(
    token: Token, base: str | None, prefixes: Mapping[str, str], known: Mapping[str, str]
) -> str:
    """The IRI a token names (``?var`` for a variable); an undeclared prefix is a Problem."""
    if token.type == "VAR":
        return "?" + token[1:]
    if token.type == "IRIREF":
        return resolve_iri(base, token[1:-1])
    prefix, _, local = token.partition(":")
    namespace = prefixes.get(prefix, known.get(prefix))
    if namespace is None:
        raise Problem(f"unknown prefix `{prefix}:`", offset_of(token))
    return namespace + _LOCAL_ESCAPE.sub(r"\1", local)
