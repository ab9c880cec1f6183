"""parse_query under attack: deep and long texts are refused quickly (never RecursionError),
time is linear, and no spelling hides a SERVICE (Hypothesis)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from usm_kb.rdf.sparql_parse import MAX_NESTING, SparqlSyntaxError, parse_query

TARGET = "http://127.0.0.1:1/x"


def chain(count: int, item: str, separator: str = " ") -> str:
    return separator.join([item] * count)


SHAPES: dict[str, Callable[[int], str]] = {
    "union": lambda n: "SELECT * { " + chain(n, "{ ?s ?p ?o }", " UNION ") + " }",
    "or": lambda n: "SELECT * { ?s ?p ?o FILTER(" + chain(n, "?o", " || ") + ") }",
    "and": lambda n: "SELECT * { ?s ?p ?o FILTER(" + chain(n, "?o", " && ") + ") }",
    "plus": lambda n: "SELECT * { ?s ?p ?o FILTER(" + chain(n, "?o", " + ") + " > 1) }",
    "times": lambda n: "SELECT (" + chain(n, "2", " * ") + " AS ?x) {}",
    "minus": lambda n: "SELECT * { ?s ?p ?o " + chain(n, "MINUS { ?s ?p ?o }") + " }",
    "bind": lambda n: "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(n)) + " }",
    "optional": lambda n: "SELECT * { ?s ?p ?o " + chain(n, "OPTIONAL { ?s ?p ?o }") + " }",
    "triples": lambda n: (
        "SELECT * { " + " ".join(f"<http://s> <http://p> {i} ." for i in range(n)) + " }"
    ),
    "objects": lambda n: "SELECT * { <http://s> <http://p> " + chain(n, "?o", ", ") + " }",
    "collection": lambda n: "SELECT * { ?s <http://p> (" + chain(n, "1") + ") }",
    "path-sequence": lambda n: "SELECT * { ?s " + chain(n, "<http://p>", "/") + " ?o }",
    "path-alternative": lambda n: "SELECT * { ?s " + chain(n, "<http://p>", "|") + " ?o }",
    "updates": lambda n: chain(n, "CLEAR ALL", " ; "),
}
NESTED: dict[str, Callable[[int], str]] = {
    "braces": lambda n: "SELECT * " + "{" * n + "}" * n,
    "parentheses": lambda n: "SELECT * { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "brackets": lambda n: "SELECT * { ?s <http://p> " + "[ <http://p> " * n + "1" + " ]" * n + " }",
    "collections": lambda n: "SELECT * { ?s <http://p> " + "(" * n + "1" + ")" * n + " }",
    "subqueries": lambda n: "SELECT * " + "{ SELECT * " * n + "{}" + " }" * n,
    "functions": lambda n: "SELECT * { FILTER(" + "STR(" * n + "1" + ")" * n + ") }",
}


@pytest.mark.parametrize("shape", SHAPES)
def test_long_chain_is_refused(shape: str) -> None:
    with pytest.raises(SparqlSyntaxError, match=f"more than {MAX_NESTING} levels"):
        parse_query(SHAPES[shape](MAX_NESTING + 1))


@pytest.mark.parametrize("shape", NESTED)
def test_deep_nesting_is_refused(shape: str) -> None:
    with pytest.raises(SparqlSyntaxError, match="brackets nest more than 200 deep"):
        parse_query(NESTED[shape](201))
    parse_query(NESTED[shape](150))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("SELECT * { FILTER(" + "!" * 30_000 + "true) }", id="not-30000"),
        pytest.param("SELECT * { FILTER(" + "- " * 30_000 + "1) }", id="minus-30000"),
        pytest.param("SELECT * { " + chain(7000, "{}", " UNION ") + " }", id="union-7000"),
        pytest.param("SELECT * { FILTER(" + chain(10_000, "1", "||") + ") }", id="or-10000"),
        pytest.param("SELECT * { FILTER(" + chain(10_000, "1", "+") + ") }", id="plus-10000"),
        pytest.param("SELECT * { " + chain(5000, "MINUS {}") + " }", id="minus-5000"),
        pytest.param(
            "SELECT * {" + "".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + "}",
            id="bind-3000",
        ),
        pytest.param("SELECT * " + "{" * 100_000 + "}" * 100_000, id="braces-100000"),
        pytest.param("SELECT * { FILTER(" + "(" * 100_000 + ")" * 100_000 + ") }", id="parens"),
        pytest.param(
            "SELECT * { " + chain(5000, "<http://s> <http://p> ?o .") + " }", id="bgp-5000"
        ),
        pytest.param(chain(5000, "CLEAR ALL", ";"), id="updates-5000"),
    ],
)
def test_attack_is_refused_quickly(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(SparqlSyntaxError):
        parse_query(text)
    assert time.perf_counter() - started < 10


def test_time_is_linear() -> None:
    """Four times the text costs about four times the time, not sixteen (the lexical scanner
    it replaces was quadratic: 17-27 s at 64 KiB). A ratio, so a busy machine cannot fail it."""
    group = "  OPTIONAL { ?s ex:p ?o . ?o ex:label '#}' FILTER(?o != ex:other) }\n"
    head = "PREFIX ex: <http://example.org/usm#>\nSELECT * WHERE {\n"

    def best(repeats: int) -> float:
        text = head + group * repeats + "}\n"
        times = []
        for _ in range(2):
            started = time.perf_counter()
            parse_query(text)
            times.append(time.perf_counter() - started)
        return min(times)

    parse_query(head + "}")  # build the parser first
    small, large = best(115), best(460)  # about 8 and 32 KiB
    assert large / small < 8, (small, large)
    values = head + "VALUES (?s ?l) {\n" + "  (ex:a 'label # }')\n" * 10_500 + "}}\n"
    assert len(values) > 200 * 1024
    parse_query(values)  # 200 KiB parse at all


def test_oxigraph_survives_what_is_admitted() -> None:
    """The longest chains and deepest nesting admitted run in pyoxigraph without a crash.

    Run in a child process: a stack overflow in Oxigraph aborts the process.
    """
    texts = [SHAPES[name](MAX_NESTING - 20) for name in ("union", "or", "minus", "triples")]
    texts += [NESTED["braces"](200), NESTED["subqueries"](199)]
    for text in texts:
        parse_query(text)
    script = (
        "import sys, pyoxigraph\n"
        "for text in sys.stdin.read().split('\\0'):\n"
        "    list(pyoxigraph.Store().query(text))\n"
        "print('ran', flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input="\0".join(texts),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "ran\n"), done.stderr[-2000:]


# --- a SERVICE hidden behind comments, strings, escapes and white space ----------------------

ESCAPES = st.sampled_from(["{}", "{}", "\\u{:04X}", "\\U{:08X}"])
PLAIN = st.text(st.characters(exclude_characters="\\\r\n", exclude_categories=("Cs",)), max_size=8)
TRICKY = st.sampled_from(["}", "{", "#", "SERVICE", "'", '"', "'''", "<", ">", " ", "\t", "\n"])
WORDS = st.lists(st.one_of(TRICKY, PLAIN), max_size=5).map("".join)
ECHARS = st.sampled_from(["", "\\n", "\\'", '\\"', "\\\\", "\\t"])
SPACE = st.sampled_from([" ", "\n", "\t", "\r\n", "  \n\t"])
IRI_CHARS = st.text("abcXYZ019/#:.", max_size=9)
LOCAL = st.tuples(st.text("ab1", min_size=1, max_size=3), st.sampled_from("#~.-!$&'"))
OTHERS = st.sampled_from(["?s ?p 'x'@add . ", "?s ex:SERVICE ?load . ", "?s ?p ?o . "])
CASES = st.lists(st.booleans(), min_size=7, max_size=7)
SILENT = st.sampled_from(["", " SILENT", " silent", " S\\u0049LENT"])
TARGETS = st.sampled_from(
    [f"<{TARGET}>", "t:x", "t:\\u0078", "<http://127.0.0.1:1/\\u0078>", "<x>", "<\\u0078>"]
)
WRAPPERS = ["{}", "OPTIONAL {{ {} }}", "{{ SELECT * {{ {} }} }}", "FILTER EXISTS {{ {} }}"]
WRAPPERS += ["MINUS {{ {} }}", "{{}} UNION {{ {} }}", "GRAPH ?g {{ {} }}", "{{ {{ {} }} }}"]
PROLOGUE = "PREFIX ex: <http://example.org/>\nPREFIX t: <http://127.0.0.1:1/>\n"
PROLOGUE += "BASE <http://127.0.0.1:1/>\n"


def escaped(text: str, draw: st.DrawFn) -> str:
    """*text* with some characters written as \\u or \\U codepoint escapes."""
    forms = draw(st.lists(ESCAPES, min_size=len(text), max_size=len(text)))
    return "".join(
        form.format(ord(c) if "X" in form else c) for c, form in zip(text, forms, strict=True)
    )


@st.composite
def noise(draw: st.DrawFn, kinds: tuple[int, int] = (0, 7)) -> str:
    """White space, a comment, or a pattern element with a tricky string, IRI or local name."""
    kind = draw(st.integers(*kinds))
    if kind in (1, 2, 3, 4):
        text, echar = draw(WORDS), draw(ECHARS)
        line = text.replace("\n", " ")
        return [
            f"# {line}\n",
            "VALUES ?a { '''" + text.replace("'", '"') + echar + "x''' } ",
            'FILTER(?b != """' + text.replace('"', "'") + echar + 'x""") ',
            'FILTER(?o != "' + line.replace("'", "").replace('"', "") + echar + '") ',
        ][kind - 1]
    if kind == 5:
        return "?s <urn:" + escaped(draw(IRI_CHARS), draw) + "> ?o . "
    if kind == 6:
        name, char = draw(LOCAL)
        return f"?s ex:{name}\\{char}z ?o . "
    if kind == 7:
        return escaped(draw(OTHERS), draw)
    return draw(SPACE)


@st.composite
def hidden_service(draw: st.DrawFn) -> str:
    """A valid query with ``SERVICE <TARGET> { ?s ?p ?o }`` somewhere among noise."""
    gaps = ["".join(draw(st.lists(noise(kinds=(0, 1)), max_size=2))) for _ in range(2)]
    upper = draw(CASES)
    keyword = escaped(
        "".join(c if u else c.lower() for c, u in zip("SERVICE", upper, strict=True)), draw
    )
    clause = f"{keyword}{draw(SILENT)}{gaps[0]} {draw(TARGETS)} {gaps[1]}{{ ?s ?p ?o }}"
    before = "".join(draw(st.lists(noise(), max_size=4)))
    after = "".join(draw(st.lists(noise(), max_size=3)))
    inner = draw(st.sampled_from(WRAPPERS)).format(clause)
    return f"{PROLOGUE}SELECT * WHERE {{ {before} {inner} {after} }}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden_service())
def test_hidden_service_is_found(text: str) -> None:
    """The generator writes valid SPARQL only: it must parse, and show the SERVICE."""
    assert TARGET in parse_query(text).service
