"""USM's placement rules as cue words, in English and Dutch.

USM places work by what it does to the service, not by who does it (docs/data-formats.md,
the ``derived`` rows' comments): restoring the agreed service is Recover; a permanent
modification of the managed infrastructure is Change; making, keeping or ending agreements is
Agree; risks, problems and structural improvement are Improve; day-to-day work that keeps the
service running without changing anything for good is Operate. A rule fires when the
practice's words hold one of its cues; each rule names the words that fired it.
"""

from __future__ import annotations

from dataclasses import dataclass

from usm_kb.catalogue.words import WORD, tokens
from usm_kb.namespaces import process_iri


@dataclass(frozen=True)
class Rule:
    """One USM placement rule: the process it points to and its cue words."""

    process: str  # IRI
    statement: str
    cues: frozenset[str]  # stems


def _rule(slug: str, statement: str, words: str) -> Rule:
    stems = {stem for word in words.split() for stem in tokens(word)}
    return Rule(process_iri(slug), statement, frozenset(stems))


RULES = (
    _rule(
        "recover",
        "restoring the agreed service after a failure is Recover",
        "incident incidents outage failure failures restore restoring recover recovery "
        "disruption breakdown malfunction down outages storing storingen verstoring "
        "verstoringen herstel herstellen uitval calamiteit noodgeval breach",
    ),
    _rule(
        "change",
        "a permanent modification of the managed infrastructure is Change",
        "change changes modify modification deploy deployment release releases install "
        "installation upgrade patch patches migrate migration implement build configure "
        "decommission provision wijziging wijzigingen wijzigen uitrol uitrollen installeren "
        "implementeren vervangen aanpassen doorvoeren migratie bouwen uitfaseren",
    ),
    _rule(
        "agree",
        "making, keeping and ending agreements with customers and suppliers is Agree",
        "agreement agreements contract contracts sla slas negotiate demand catalogue "
        "portfolio supplier suppliers customer customers pricing budget afspraak afspraken "
        "afspreken overeenkomst dvo leverancier leveranciers inkoop servicecatalogus behoefte "
        "klant klanten opdrachtgever",
    ),
    _rule(
        "improve",
        "risks, problems and structural improvement are Improve",
        "risk risks problem problems cause improve improvement audit assess assessment "
        "evaluate evaluation lessons maturity compliance risico risicos probleem problemen "
        "oorzaak verbeteren verbetering verbeterpunten evaluatie evalueren toetsen structureel "
        "analyse",
    ),
    _rule(
        "operate",
        "day-to-day work that keeps the service running without permanent change is Operate",
        "request requests question questions monitor monitoring backup schedule access "
        "account accounts password operate operations routine daily aanvraag aanvragen vraag "
        "vragen bewaken bewaking dagelijks wachtwoord toegang autorisatie autorisaties "
        "uitvoeren gebruikersvragen",
    ),
)


@dataclass(frozen=True)
class Fired:
    """A rule whose cues the practice's words hold."""

    rule: Rule
    words: tuple[str, ...]  # the practice's own words that are cues


def fired_rules(text: str) -> list[Fired]:
    """The rules *text* fires, with the words that fired each."""
    words = WORD.findall(text.casefold())
    result = []
    for rule in RULES:
        hits = tuple(dict.fromkeys(w for w in words if set(tokens(w)) & rule.cues))
        if hits:
            result.append(Fired(rule, hits))
    return result
