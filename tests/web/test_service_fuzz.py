"""A fuzzer hides SERVICE and LOAD behind every escape, comment and string form SPARQL allows,
and sends each text through GET, form POST, direct POST, the Python API and the CLI: the
policy refuses every one, and a loopback listener sees no connection (issue 12).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from usm_kb.errors import QueryError

# Things a query may carry before the SERVICE, each valid SPARQL and each once fatal to the
# old lexical scanner: local-name escapes, \u escapes in IRIs and names, comments, long
# strings holding braces and hashes, a PREFIX redefinition.
BEFORE = [
    "BIND(ex:a\\# AS ?q1)",
    "BIND(ex:a\\' AS ?q2)",
    "BIND(<urn:a\\u0041#> AS ?q3)",
    "# a comment } SERVICE\n",
    "BIND('''}'''  AS ?q4)",
    'BIND("""#{ """ AS ?q5)',
    "BIND('#' AS ?q6)",
    "?s ?p ?o .",
    "OPTIONAL { ?s ?p ?o }",
    "",
]
# Spellings of the keyword (escapes are decoded before tokenising, so \u0053ERVICE is SERVICE).
KEYWORD = ["SERVICE", "service", "sErViCe", "\\u0053ERVICE", "SERVICE SILENT", "\\u0073ervice"]
WRAP = ["{}", "{ {} }", "{ SELECT * WHERE {} }", "OPTIONAL {}", "MINUS {}", "FILTER EXISTS {}"]


def target(port: int, escaped: bool) -> str:
    host = "\\u0031\\u0032\\u0037.0.0.1" if escaped else "127.0.0.1"
    return f"<http://{host}:{port}/x>"


@st.composite
def hidden_service(draw: st.DrawFn, port: int) -> str:
    before = " ".join(draw(st.lists(st.sampled_from(BEFORE), max_size=3)))
    keyword = draw(st.sampled_from(KEYWORD))
    call = f"{keyword} {target(port, draw(st.booleans()))} {{ ?x ?y ?z }}"
    wrap = draw(st.sampled_from(WRAP))
    body = wrap.replace("{}", "{ " + call + " }", 1) if "{}" in wrap else call
    prologue = "PREFIX ex: <urn:ex:>\n"
    return f"{prologue}SELECT * WHERE {{ {before} {body} }}"


@st.composite
def hidden_load(draw: st.DrawFn, port: int) -> str:
    keyword = draw(st.sampled_from(["LOAD", "load", "\\u004cOAD", "LOAD SILENT"]))
    into = draw(st.sampled_from(["", " INTO GRAPH <urn:g>"]))
    comment = draw(st.sampled_from(["", "# SELECT\n", "PREFIX ex: <urn:ex:>\n"]))
    return f"{comment}{keyword} {target(port, draw(st.booleans()))}{into}"


CHANNELS = ["get", "form", "direct", "api"]


def send(channel: str, text: str, client, kb) -> None:
    if channel == "api":
        with pytest.raises(QueryError):
            kb.query(text)
        return
    if channel == "get":
        r = client.get("/sparql", query_string={"query": text})
    elif channel == "form":
        r = client.post("/sparql", data={"query": text})
    else:
        r = client.post("/sparql", data=text, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400, (text, r.data[:200])


@pytest.mark.parametrize("channel", CHANNELS)
def test_hidden_service_and_load_reach_nothing(channel: str, client, kb, listener) -> None:
    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(text=st.one_of(hidden_service(listener.port), hidden_load(listener.port)))
    def attempt(text: str) -> None:
        send(channel, text, client, kb)

    attempt()
    assert listener.connections == 0


def test_the_cli_refuses_them_too(run, listener) -> None:
    texts = [
        f"PREFIX ex: <urn:ex:> SELECT * WHERE {{ BIND(ex:a\\# AS ?q) "
        f"SERVICE {target(listener.port, False)} {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE {target(listener.port, True)} {{ ?x ?y ?z }} }}",
        f"LOAD {target(listener.port, False)}",
    ]
    for text in texts:
        result = run("query", text)
        assert result.exit_code == 1 and "Traceback" not in result.output + result.stderr
    assert listener.connections == 0
