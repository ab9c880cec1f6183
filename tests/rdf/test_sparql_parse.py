"""parse_query: spellings that must not hide a SERVICE or an update, texts that must not pass
for one, errors and their place, prefixes and IRI resolution."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from usm_kb.rdf.iri import resolve_iri
from usm_kb.rdf.sparql_parse import SparqlSyntaxError, parse_query

EX = "http://example.org/"
# Loopback port 1: never contacted (Oxigraph refuses the port before connecting).
TARGET = "http://127.0.0.1:1/x"

# --- spellings that must still show the SERVICE, the update, the FROM graphs ---------------

T = f"<{TARGET}>"
SHOWS = [
    pytest.param(r"SELECT * { \u0053ERVICE " + T + " { ?s ?p ?o } }", {}, id="escaped-keyword"),
    pytest.param(r"SELECT * { \U00000053\U00000045RVICE " + T + " {} }", {}, id="U-escapes"),
    pytest.param(
        r"SELECT * { \u0053\u0045\u0052\u0056\u0049\u0043\u0045 " + T + " {} }",
        {},
        id="keyword-all-escaped",
    ),
    pytest.param(r"SELECT * { SERVICE <http://127.0.0.1:1/\u0078> {} }", {}, id="escaped-target"),
    pytest.param(
        "SELECT * { ?s <urn:a\\u0041#> ?o . SERVICE " + T + " { ?s ?p ?o } }",
        {},
        id="escape-in-iri-before",
    ),
    pytest.param(
        "PREFIX ex: <http://example.org/>\nSELECT * { ?s ex:a\\# ?o . SERVICE " + T + " {} }",
        {},
        id="local-name-escape-before",
    ),
    pytest.param(
        "PREFIX ex: <http://example.org/>\nSELECT * { ?s ex:a\\#\\~\\.\\'b ?o SERVICE "
        + T
        + " {} }",
        {},
        id="local-name-escapes-quote",
    ),
    pytest.param("SELECT * { # } SERVICE\n SERVICE " + T + " {} }", {}, id="comment-before"),
    pytest.param(
        "SELECT * {\n SERVICE # c }\n " + T + " # c {\n { ?s ?p ?o } }", {}, id="comments-inside"
    ),
    pytest.param(
        r"SELECT * { # \u000A SERVICE " + T + " {} }", {}, id="escaped-newline-ends-comment"
    ),
    pytest.param(
        "SELECT * { BIND('''}\n# ''' AS ?x) SERVICE " + T + " {} }", {}, id="long-string-brace-hash"
    ),
    pytest.param(
        'SELECT * { BIND("""}#\'"x""" AS ?x) SERVICE ' + T + " {} }", {}, id="long-string-quotes"
    ),
    pytest.param(r'SELECT * { BIND("\"}#" AS ?x) SERVICE ' + T + " {} }", {}, id="escaped-quote"),
    pytest.param("SELECT * { SERVICE SILENT " + T + " {} }", {}, id="silent"),
    pytest.param(
        "SELECT * { VALUES ?svc { " + T + " } SERVICE ?svc {} }", {"service": ("?svc",)}, id="var"
    ),
    pytest.param("SELECT * { SERVICE SILENT $svc {} }", {"service": ("?svc",)}, id="dollar-var"),
    pytest.param("SELECT * { { SELECT * WHERE { SERVICE " + T + " {} } } }", {}, id="subquery"),
    pytest.param("SELECT * { OPTIONAL { SERVICE " + T + " {} } }", {}, id="optional"),
    pytest.param("SELECT * { ?s ?p ?o MINUS { SERVICE " + T + " {} } }", {}, id="minus"),
    pytest.param("SELECT * { FILTER EXISTS { SERVICE " + T + " {} } }", {}, id="filter-exists"),
    pytest.param("SELECT * { FILTER(NOT EXISTS { SERVICE " + T + " {} }) }", {}, id="not-exists"),
    pytest.param("SELECT * { {} UNION { SERVICE " + T + " {} } }", {}, id="union-branch"),
    pytest.param("SELECT * { GRAPH ?g { SERVICE " + T + " {} } }", {}, id="graph"),
    pytest.param("SELECT (EXISTS { SERVICE " + T + " {} } AS ?b) {}", {}, id="select-expression"),
    pytest.param("ASK { SERVICE " + T + " {} }", {"form": "ASK"}, id="ask"),
    pytest.param(
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE " + T + " { ?s ?p ?o } }",
        {"form": "CONSTRUCT"},
        id="construct",
    ),
    pytest.param("DESCRIBE ?s { SERVICE " + T + " {} }", {"form": "DESCRIBE"}, id="describe"),
    pytest.param(
        "SELECT * { SERVICE <http://127.0.0.1:2/> { SERVICE " + T + " {} } }",
        {"service": ("http://127.0.0.1:2/", TARGET)},
        id="nested",
    ),
    pytest.param("select * { service " + T + " {} }", {}, id="lowercase"),
    pytest.param("SeLeCt * WhErE { sErViCe " + T + " {} }", {}, id="mixed-case"),
    pytest.param(
        "PREFIX t: <http://safe/>\nPREFIX t: <http://127.0.0.1:1/>\nSELECT * { SERVICE t:x {} }",
        {"prefixes": {"t": "http://127.0.0.1:1/"}},
        id="prefix-redefined",
    ),
    pytest.param("SELECT * { SERVICE t:x {} }", {}, id="given-prefix"),
    pytest.param(
        "BASE <http://127.0.0.1:1/>\nSELECT * { SERVICE <x> {} }",
        {"base": "http://127.0.0.1:1/"},
        id="base-relative",
    ),
    pytest.param("LOAD " + T, {"update_operations": ("LOAD",), "service": ()}, id="load"),
    pytest.param(
        "LOAD SILENT <http://x/> INTO GRAPH <g>", {"update_operations": ("LOAD",)}, id="load-into"
    ),
    pytest.param(r"\u004COAD <http://x/>", {"update_operations": ("LOAD",)}, id="escaped-load"),
    pytest.param(
        "insert data { <a> <b> <c> }", {"update_operations": ("INSERT DATA",)}, id="lowercase"
    ),
    pytest.param(
        "INSERT # c\n DATA { <a> <b> 'x'@add }",
        {"update_operations": ("INSERT DATA",)},
        id="comment-in-insert-data",
    ),
    pytest.param(
        "PREFIX ex: <http://x/>\nDELETE WHERE { ?s ex:p ?o }",
        {"update_operations": ("DELETE WHERE",)},
        id="after-prologue",
    ),
    pytest.param(
        "CLEAR ALL ; PREFIX ex: <x:> DROP GRAPH ex:g ; CREATE SILENT GRAPH <g> ;",
        {"update_operations": ("CLEAR", "DROP", "CREATE")},
        id="sequence",
    ),
    pytest.param(
        "ADD DEFAULT TO GRAPH <g> ; MOVE <a> TO <b> ; COPY GRAPH <a> TO DEFAULT",
        {"update_operations": ("ADD", "MOVE", "COPY")},
        id="add-move-copy",
    ),
    pytest.param(
        "WITH <g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } USING <g> WHERE { ?s ?p ?o }",
        {"update_operations": ("DELETE/INSERT",)},
        id="modify",
    ),
    pytest.param(
        "INSERT { ?s ?p ?o } WHERE { SERVICE " + T + " { ?s ?p ?o } }",
        {"update_operations": ("INSERT",), "service": (TARGET,)},
        id="service-in-update",
    ),
    pytest.param(
        'INSERT DATA { <a> <b> "SELECT }" }', {"update_operations": ("INSERT DATA",)}, id="data"
    ),
    pytest.param(
        "BASE <http://kb/graphs/>\nSELECT * FROM <a> FROM NAMED <../b#c> {}",
        {
            "from_graphs": ("http://kb/graphs/a",),
            "from_named_graphs": ("http://kb/b#c",),
            "service": (),
        },
        id="from-base",
    ),
    pytest.param(
        "BASE <http://kb/x/>\nBASE <../y/>\nPREFIX g: <z/>\nSELECT * FROM g:a {}",
        {"from_graphs": ("http://kb/y/z/a",), "base": "http://kb/y/", "service": ()},
        id="from-rebased-prefix",
    ),
    pytest.param(
        r"SELECT * FROM <http://kb/\u0067> FROM NAMED t:a\.b\#c {}",
        {
            "from_graphs": ("http://kb/g",),
            "from_named_graphs": ("http://127.0.0.1:1/a.b#c",),
            "service": (),
        },
        id="from-escapes",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHOWS)
def test_spelling_still_shows(text: str, expected: dict[str, object]) -> None:
    parsed = parse_query(text, prefixes={"t": "http://127.0.0.1:1/"})
    expected = {"service": () if parsed.is_update else (TARGET,), **expected}
    if "form" not in expected and not parsed.is_update:
        assert parsed.form == "SELECT"
    actual = {name: getattr(parsed, name) for name in expected}
    actual.update({"prefixes": dict(parsed.prefixes)} if "prefixes" in expected else {})
    assert actual == expected


NOT_TAKEN = [
    pytest.param('SELECT * { ?s ?p "SERVICE <http://x/> {} ; LOAD <x>" }', id="string"),
    pytest.param("SELECT * { ?s ?p '''\nINSERT DATA { <a> <b> <c> }\n''' }", id="long-string"),
    pytest.param(r'SELECT * { ?s ?p "\u0053ERVICE <http://x/> {}" }', id="escaped-in-string"),
    pytest.param("SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}\n# LOAD <x>", id="comment"),
    pytest.param("SELECT * { ?s <http://x/SERVICE/LOAD#INSERT> ?o }", id="iri"),
    pytest.param("SELECT * { ?s ex:SERVICE ex:LOAD . ex:INSERT ex:DATA ex:a }", id="local-name"),
    pytest.param(
        "PREFIX service: <http://x/>\nPREFIX load: <y:>\nSELECT * { ?s service:x load:y }",
        id="prefix-name",
    ),
    pytest.param("SELECT ?load ?service { ?load ?service ?insert }", id="variable"),
    pytest.param('SELECT * { ?s ?p "x"@add, "y"@load, "z"@insert, "w"@en-service }', id="langtag"),
    pytest.param('SELECT * { ?s ?p "1"^^<http://x/LOAD> }', id="datatype"),
    pytest.param("SELECT (ex:service(?x) AS ?y) { ?x ?p ?o }", id="function"),
    pytest.param("SELECT * { _:service ?p _:load }", id="blank-node-label"),
    pytest.param("SELECT * { ?s ?p ?o FILTER(?o = 'DROP ALL') }", id="filter-string"),
]


@pytest.mark.parametrize("text", NOT_TAKEN)
def test_not_taken_for_service_or_update(text: str) -> None:
    parsed = parse_query(text, prefixes={"ex": EX})
    assert (parsed.form, parsed.update_operations, parsed.service) == ("SELECT", (), ())


# --- errors, escapes, prefixes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("SELECT * { ?s foo:bar ?o }", "unknown prefix `foo:`", 1, 15),
        ("SELECT *\n{ ?s ?p ?o FILTER(?x) ", "unexpected end of text", 2, 23),
        ("SELECT * {\n \\u0041 ?p ?o }", "unexpected character 'A'", 2, 2),
        ("SELECT * { ?s <\\u0078> \\u0078 }", "unexpected character 'x'", 1, 24),
        ("SELECT * { ?s ?p ?o }\n# C:\\users", "invalid codepoint escape '\\\\u'", 2, 5),
        ("SELECT * { ?s ?p '\\uD800' }", "invalid codepoint escape '\\\\uD800'", 1, 19),
        ("SELECT * { ?s ?p '\\U00110000' }", "invalid codepoint escape", 1, 19),
        ("SELECT * { ?s ?p ?o . . }", "unexpected '.'", 1, 23),
        ("SELECTX * {}", "unexpected character 'S'", 1, 1),
        ("SELECT * { FILTER(?a<?b&&?c>?d) }", "unexpected '<?b&&?c>'", 1, 21),
        ("SELECT * { BIND(1 AS ?x) BIND(2 AS ?x) }", "BIND assigns ?x", 1, 36),
        ("SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o }", "?s is projected", 1, 8),
        ("SELECT (1 AS ?o) FROM <g> { ?s ?p ?o }", "SELECT assigns ?o", 1, 14),
        ("SELECT * { _:a ?p ?o { _:a ?q ?r } }", "blank node _:a is used in two", 1, 12),
        ("SELECT * { VALUES (?a ?b) { (1) } }", "a VALUES row has 1 values", 1, 30),
        ("INSERT DATA { ?s <p> <o> }", "variable ?s in INSERT DATA", 1, 15),
        ("DELETE { [] <p> ?o } WHERE { ?s <p> ?o }", "blank nodes", 1, 10),
    ],
)
def test_error_message_and_place(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(SparqlSyntaxError) as refused:
        parse_query(text)
    error = refused.value
    assert message in error.message
    assert (error.line, error.column) == (line, column)
    assert isinstance(error, ValueError) and f"at {line}:{column}: " in str(error)


def test_prologue_alone_is_an_empty_update() -> None:
    parsed = parse_query("PREFIX ex: <http://x/>\nBASE <http://b/>")
    assert parsed.is_update and parsed.update_operations == () and parsed.base == "http://b/"
    assert parse_query("").is_update


def test_declared_prefixes_win_and_only_they_are_reported() -> None:
    parsed = parse_query(
        "PREFIX ex: <http://mine/>\nSELECT * FROM ex:g FROM k:g {}",
        prefixes={"ex": "http://given/", "k": "http://known/"},
    )
    assert parsed.from_graphs == ("http://mine/g", "http://known/g")
    assert parsed.prefixes == {"ex": "http://mine/"}


def test_text_is_the_decoded_text() -> None:
    assert parse_query(r"\u0053ELECT * {}").text == "SELECT * {}"


def test_parsed_query_is_immutable_and_hashable() -> None:
    parsed = parse_query("PREFIX ex: <http://x/>\nSELECT * {}")
    with pytest.raises(TypeError):
        parsed.prefixes["ex"] = "http://y/"  # type: ignore[index]
    assert hash(parsed) == hash(parse_query("PREFIX ex: <http://x/>\nSELECT * {}"))


def test_import_stays_light() -> None:
    """Importing the parser loads neither lark (until the first parse) nor rdflib & co."""
    script = (
        "import sys, usm_kb.rdf.sparql_parse as m\n"
        "before = {'lark', 'rdflib', 'pyshacl', 'owlready2'} & set(sys.modules)\n"
        "m.parse_query('SELECT * {}')\n"
        "print(sorted(before), sorted({'rdflib', 'pyshacl', 'owlready2'} & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["[]", "[]"]


def test_engine_must_get_the_decoded_text() -> None:
    """pyoxigraph 0.5 decodes ``\\u`` only inside strings and IRIs: the raw text runs a SERVICE.

    Decoded (§19.2), the two ``\\u0022`` open and close one long string around the SERVICE, so
    parse_query rightly sees none; handed the raw text, Oxigraph runs the SERVICE. The policy
    must hand the engine ``ParsedQuery.text``.
    """
    raw = (
        'SELECT * { BIND("\\u0022" AS ?x) SERVICE <http://127.0.0.1:1/s> { ?s ?p ?o }'
        ' BIND("\\u0022" AS ?y) }'
    )
    parsed = parse_query(raw)
    assert parsed.service == ()
    assert [len(row) for row in ox.Store().query(parsed.text)] == [1]  # type: ignore[union-attr]
    with pytest.raises(OSError, match="port 1"):  # evaluation reached the SERVICE
        list(ox.Store().query(raw))  # type: ignore[call-overload]


# RFC 3986 §5.4: base http://a/b/c/d;p?q
@pytest.mark.parametrize(
    ("reference", "resolved"),
    [
        ("g:h", "g:h"),
        ("g", "http://a/b/c/g"),
        ("./g", "http://a/b/c/g"),
        ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"),
        ("//g", "http://g"),
        ("?y", "http://a/b/c/d;p?y"),
        ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"),
        ("g#s", "http://a/b/c/g#s"),
        (";x", "http://a/b/c/;x"),
        ("", "http://a/b/c/d;p?q"),
        (".", "http://a/b/c/"),
        ("./", "http://a/b/c/"),
        ("..", "http://a/b/"),
        ("../g", "http://a/b/g"),
        ("../..", "http://a/"),
        ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"),
        ("/./g", "http://a/g"),
        ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."),
        (".g", "http://a/b/c/.g"),
        ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"),
        ("./g/.", "http://a/b/c/g/"),
        ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("g#s/../x", "http://a/b/c/g#s/../x"),
    ],
)
def test_resolve_iri_rfc3986_examples(reference: str, resolved: str) -> None:
    assert resolve_iri("http://a/b/c/d;p?q", reference) == resolved


def test_resolve_iri_any_scheme_and_no_base() -> None:
    assert resolve_iri("urn:kb:graphs/a", "b") == "urn:kb:graphs/b"
    assert resolve_iri(None, "../x") == "../x"
