"""IRI reference resolution (RFC 3986 §5.2), for ``BASE`` and relative IRIs in SPARQL text.

``urllib.parse.urljoin`` resolves only the schemes it knows as hierarchical (not ``urn:``,
``tag:`` …); this follows the RFC for any scheme.
"""

from __future__ import annotations

import re

_IRI_PARTS = re.compile(
    r"(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.S
)


def resolve_iri(base: str | None, reference: str) -> str:
    """*reference* resolved against *base* (RFC 3986 §5.2); unchanged without a base."""
    scheme, authority, path, query, fragment = _split(reference)
    if scheme is not None or base is None:
        return reference
    scheme, base_authority, base_path, base_query, _ = _split(base)
    if authority is not None:
        path = _remove_dots(path)
    elif not path:
        authority, path, query = base_authority, base_path, base_query if query is None else query
    else:
        if not path.startswith("/"):
            directory = base_path[: base_path.rfind("/") + 1]
            path = ("/" if base_authority is not None and not base_path else directory) + path
        authority, path = base_authority, _remove_dots(path)
    iri = f"{scheme}:" if scheme is not None else ""
    iri += f"//{authority}" if authority is not None else ""
    iri += path + (f"?{query}" if query is not None else "")
    return iri + (f"#{fragment}" if fragment is not None else "")


def _split(iri: str) -> tuple[str | None, str | None, str, str | None, str | None]:
    """Scheme, authority, path, query and fragment of *iri* (None when absent)."""
    match = _IRI_PARTS.fullmatch(iri)
    assert match is not None  # every part is optional
    scheme, authority, path, query, fragment = match.groups()
    return scheme, authority, path, query, fragment


def _remove_dots(path: str) -> str:
    """RFC 3986 §5.2.4 on the segments of *path*."""
    if "." not in path:
        return path
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if output and output != [""]:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.startswith("/") and (not output or output[0]):
        output.insert(0, "")
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/".join(output)
