"""Property-based fuzzing of /sparql: >= 1,000 malformed or hostile requests -> never a 5xx,
and the endpoint still answers afterwards."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow  # scheduled first (tests/conftest.py)

FRAGMENTS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "{",
    "}",
    "(",
    ")",
    "?s",
    "?p",
    "?o",
    "usm:Process",
    "a",
    ".",
    ";",
    ",",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "GRAPH",
    "SERVICE",
    "LOAD",
    "INSERT",
    "DATA",
    "DELETE",
    "FROM",
    "NAMED",
    "<",
    ">",
    "<http://127.0.0.1:9/x>",
    '"',
    "'",
    '"""',
    "#",
    "\n",
    "PREFIX",
    "x:",
    "BIND",
    "AS",
    "VALUES",
    "UNDEF",
    "LIMIT",
    "-1",
    "99999999999999999999",
    "*",
    "REGEX(",
    "STR(",
    "\\u0000",
    "\u202e",
    "\udcff",
    "é",
    "ORDER BY",
    "DISTINCT",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
    st.integers(min_value=150, max_value=3000).map(lambda n: "SELECT * WHERE " + "{" * n),
    st.integers(min_value=150, max_value=3000).map(
        lambda n: "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }"
    ),
    st.integers(min_value=1, max_value=80_000).map(lambda n: 'ASK { ?s ?p "' + "x" * n + '" }'),
)
bodies = st.one_of(texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400))
methods = st.sampled_from(
    ["GET", "POST-form", "POST-direct", "POST-raw", "PUT", "PATCH", "DELETE", "OPTIONS"]
)
accepts = st.sampled_from(
    [
        "",
        "*/*",
        "application/json",
        "text/csv",
        "image/png",
        "text/turtle",
        "application/sparql-results+xml;q=0.1, */*;q=0",
        "garbage;;q=x",
        "text/html",
    ]
)
content_types = st.sampled_from(
    [
        "",
        "text/plain",
        "application/sparql-query",
        "application/x-www-form-urlencoded",
        "application/sparql-query; charset=latin-1",
        "multipart/form-data",
        "application/sparql-update",
    ]
)
extra = st.dictionaries(
    st.sampled_from(
        ["query", "update", "default-graph-uri", "named-graph-uri", "format", "output", "x"]
    ),
    st.text(max_size=60),
    max_size=3,
)


def urlencode(params: dict[str, str]) -> str:
    return "&".join(
        f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in params.items()
    )


@settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(method=methods, text=texts, body=bodies, accept=accepts, ctype=content_types, params=extra)
def test_fuzzed_requests_never_give_5xx(
    client, method: str, text: str, body: bytes, accept: str, ctype: str, params: dict
) -> None:
    headers = {"Accept": accept} if accept else {}
    # encode by hand: lone surrogates become invalid UTF-8 bytes, as a hostile client sends
    encoded = urlencode({**params, "query": text})
    if method == "GET":
        r = client.get("/sparql?" + encoded, headers=headers)
    elif method == "POST-form":
        r = client.post(
            "/sparql",
            data=encoded,
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
    elif method == "POST-direct":
        r = client.post(
            "/sparql?" + urlencode(params),
            data=body,
            headers={**headers, "Content-Type": "application/sparql-query"},
        )
    elif method == "POST-raw":
        r = client.post("/sparql", data=body, headers={**headers, "Content-Type": ctype})
    else:
        r = client.open("/sparql", method=method.split("-")[0], data=body, headers=headers)
    assert r.status_code < 500, (method, text[:200], r.status_code, r.data[:200])


def test_endpoint_still_answers_after_fuzzing(client) -> None:
    r = client.get(
        "/sparql",
        query_string={"query": "ASK { process:agree a usm:Process }"},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 200 and r.get_json()["boolean"] is True
