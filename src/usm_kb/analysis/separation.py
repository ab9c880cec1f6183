"""``analyze separation``: USM's domain separation, checked on the workspace's teams.

USM splits a task domain into a part that *specifies* and a part that *realizes*
(docs/usm reference §1.9); a team working on both sides does not apply the separation. Which
process is specifying and which realizing work is **this knowledge base's interpretation**,
not a USM statement (docs/analysis.md): Agree and Improve decide what must be delivered and
how it must change (specify); Operate and Recover carry out the agreed service (realize);
Change both decides on and carries out changes, so it counts for neither side. The ``use``
domain (the customer's side) is itself an inference of the KB, marked uncertain.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from usm_kb.analysis.facts import NO_TEAM, Facts, load_facts, short
from usm_kb.store import KnowledgeBase

# process slug -> the sub-domain its work belongs to (the KB's interpretation, see above)
PROCESS_DOMAIN = {
    "agree": "specify",
    "improve": "specify",
    "operate": "realize",
    "recover": "realize",
}
UNCERTAIN_DOMAINS = ("use",)


@dataclass(frozen=True)
class TeamWork:
    """One team: its declared domain and the processes its activities are placed in."""

    team: str
    domain: str  # declared: specify, realize, use, or "" (none)
    specify: tuple[str, ...]  # verbs of its specifying processes
    realize: tuple[str, ...]  # verbs of its realizing processes
    practices: tuple[str, ...]


@dataclass(frozen=True)
class SeparationFinding:
    """One domain-separation finding about one team."""

    code: str
    severity: str
    team: str
    message: str


@dataclass(frozen=True)
class Separation:
    """``analyze separation``: every team's work by sub-domain and the findings."""

    workspace: str
    interpretation: dict[str, str]  # process slug -> specify / realize
    teams: tuple[TeamWork, ...]
    findings: tuple[SeparationFinding, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["found"] = len(self.findings)
        return data


def team_work(facts: Facts) -> tuple[TeamWork, ...]:
    """Per team (declared or carrying practices) its domain and its placements' sub-domains."""
    names = sorted({t for t in facts.teams.values() if t != NO_TEAM} | set(facts.domains))
    by_team: dict[str, list[str]] = {}
    for practice, owner in facts.teams.items():  # one pass: linear in practices
        by_team.setdefault(owner, []).append(practice)
    placed_teams = {  # per process, the teams with a practice placed there
        iri: {facts.teams.get(p.practice) for p in facts.placements.get(iri, ())}
        for iri in facts.processes
    }
    found = []
    for team in names:
        practices = tuple(sorted(by_team.get(team, ())))
        sides: dict[str, list[str]] = {"specify": [], "realize": []}
        for iri, verb in facts.processes.items():
            side = PROCESS_DOMAIN.get(short(iri))
            if side and team in placed_teams[iri]:
                sides[side].append(verb)
        found.append(
            TeamWork(
                team,
                facts.domains.get(team, ""),
                tuple(sides["specify"]),
                tuple(sides["realize"]),
                practices,
            )
        )
    return tuple(found)


def separation_of(facts: Facts) -> Separation:
    """The domain-separation findings of *facts* (rules in docs/analysis.md)."""
    teams = team_work(facts)
    declaring = any(t.domain for t in teams)
    findings = []
    for t in teams:
        if t.specify and t.realize:
            findings.append(
                SeparationFinding(
                    "specify-and-realize",
                    "warning",
                    t.team,
                    f"{t.team} works on both sides: specifying ({', '.join(t.specify)}) and "
                    f"realizing ({', '.join(t.realize)}); separation of duties is not applied",
                )
            )
        other = {"specify": t.realize, "realize": t.specify}.get(t.domain, ())
        if other:
            side = "realizing" if t.domain == "specify" else "specifying"
            findings.append(
                SeparationFinding(
                    "outside-declared-domain",
                    "warning",
                    t.team,
                    f"{t.team} is declared {t.domain} but does {side} work ({', '.join(other)})",
                )
            )
        if t.domain in UNCERTAIN_DOMAINS and (t.specify or t.realize):
            findings.append(
                SeparationFinding(
                    "use-domain-provider-work",
                    "info",
                    t.team,
                    f"{t.team} is declared use (the customer's side; a domain the KB infers, "
                    "uncertain) but carries provider practices",
                )
            )
        if declaring and not t.domain:
            findings.append(
                SeparationFinding(
                    "domain-undeclared",
                    "info",
                    t.team,
                    f"{t.team} declares no domain while other teams do",
                )
            )
    return Separation(facts.workspace, dict(PROCESS_DOMAIN), teams, tuple(findings))


def separation(kb: KnowledgeBase) -> Separation:
    """``analyze separation`` on the workspace compiled into *kb*."""
    return separation_of(load_facts(kb))
