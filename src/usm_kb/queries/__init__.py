"""Named competency queries: the ``.rq`` catalogue, typed parameters, the Markdown listing."""

from usm_kb.queries.markdown import to_markdown
from usm_kb.queries.named import NamedQuery, Param, load_named_queries, parse_named_query
from usm_kb.queries.params import bind_params, to_term

__all__ = [
    "NamedQuery",
    "Param",
    "bind_params",
    "load_named_queries",
    "parse_named_query",
    "to_markdown",
    "to_term",
]
