"""A workspace's organisation model (``organisation.yaml``): the organisation and its teams.

Teams named in the catalogue's team column need not be listed here: each becomes a team of
the workspace by its name. Listing a team gives it a stable id and, optionally, a description
and the task domain it works in (``domain: specify``, ``realize`` or ``use``; docs/workspaces.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from usm_kb.errors import DataError
from usm_kb.sources.yaml_fast import read_yaml_file
from usm_kb.sources.yaml_lines import line_of
from usm_kb.vocab import DOMAINS
from usm_kb.workspace.config import ORGANISATION, Workspace
from usm_kb.workspace.slugs import slug


@dataclass(frozen=True)
class Team:
    """One organisational unit."""

    id: str
    name: str
    description: str = ""
    domain: str = ""  # specify, realize or use (vocab.DOMAINS), or empty: not declared


@dataclass(frozen=True)
class Organisation:
    """The organisation that keeps the workspace, and its teams."""

    name: str
    teams: tuple[Team, ...]

    def team_named(self, name: str) -> Team:
        """The listed team with this id or name, else a team made from the name."""
        wanted = slug(name)
        for team in self.teams:
            if wanted in (team.id, slug(team.name)):
                return team
        return Team(wanted, name)


def organisation_text(name: str) -> str:
    """The text of a new ``organisation.yaml``."""
    return (
        "# The organisation that keeps this workspace, and its teams (docs/workspaces.md).\n"
        f"organisation: {_quoted(name)}\n"
        "teams: []\n"
        "# teams:\n"
        "#   - id: servicedesk\n"
        "#     name: Servicedesk\n"
        "#     description: First line for every call from residents and colleagues.\n"
        "#     domain: realize  # optional: specify, realize or use\n"
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_organisation(workspace: Workspace) -> Organisation:
    """The organisation model (the workspace's name and no teams when the file is absent)."""
    path = workspace.path(ORGANISATION)
    if not path.is_file():
        return Organisation(workspace.name, ())
    doc = read_yaml_file(path)
    if not isinstance(doc, dict):
        raise DataError("expected a mapping with 'organisation' and 'teams'", path=path, line=1)
    name = doc.get("organisation") or workspace.name
    entries = doc.get("teams") or []
    if not isinstance(name, str) or not isinstance(entries, list):
        raise DataError(
            "'organisation' must be a name and 'teams' a list", path=path, line=line_of(doc)
        )
    teams = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise DataError("each team needs a name", path=path, line=line_of(entry) or 1)
        ident = str(entry.get("id") or slug(entry["name"]))
        if ident != slug(ident):
            raise DataError(
                f"team id {ident!r} must be a lower-case slug", path=path, line=line_of(entry)
            )
        domain = entry.get("domain") or ""
        if domain not in ("", *DOMAINS):
            raise DataError(
                f"team {ident!r}: domain {domain!r} is not one of {', '.join(DOMAINS)}",
                path=path,
                line=line_of(entry),
                hint="leave it out when the team works in no one domain",
            )
        teams.append(Team(ident, entry["name"], str(entry.get("description") or ""), domain))
    return Organisation(" ".join(name.split()), tuple(teams))
