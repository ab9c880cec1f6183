"""Page services of the web explorer: one frozen dataclass per page, built from the KB.

Each ``*_page(kb, …)`` function runs its SPARQL on the one query path (the web layer wraps
it in ``kb.limited(RunLimits(lane="trusted", …))``) and returns a :class:`~.base.Page`;
the web layer renders it as HTML or as its JSON twin and never queries the KB itself. The KB
is read-only, so pages are built once per KB and kept (``kb.cached``).
"""
