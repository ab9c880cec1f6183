"""Write examples/gemeente.xlsx: the catalogue of an imaginary municipal IT department.

About thirty procedures as a Dutch municipality's IT team might list them: in Dutch and in
English, in their own words, with owners and teams, a few roles, bodies and documents among
the work. All text is written for usm-kb. Run ``python examples/make_gemeente.py`` to
regenerate the workbook (fixed document dates, so the same script gives the same content).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HEADER = ("Nr", "Naam", "Omschrijving", "Eigenaar", "Afdeling", "Soort")
ROWS = (
    (
        "ICT-01",
        "Storingen afhandelen",
        "Meldingen van medewerkers over verstoringen van applicaties of werkplekken registreren, "
        "prioriteren en de dienstverlening zo snel mogelijk herstellen.",
        "Teamleider servicedesk",
        "Servicedesk",
        "",
    ),
    (
        "ICT-02",
        "Wijzigingen doorvoeren (RFC)",
        "Aanvragen voor wijzigingen aan servers, netwerk of applicaties beoordelen, plannen, "
        "uitvoeren en na afloop controleren of alles werkt.",
        "Wijzigingscoördinator",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-03",
        "Monthly patch run",
        "Install the vendors' security updates on all Windows and Linux servers in the monthly "
        "maintenance window and check that every service is back afterwards.",
        "Infra lead",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-04",
        "DVO opstellen en evalueren",
        "Met de vakafdelingen een dienstverleningsovereenkomst afspreken over beschikbaarheid en "
        "openingstijden, en die elk jaar samen evalueren en bijstellen.",
        "Servicemanager",
        "Regie",
        "",
    ),
    (
        "ICT-05",
        "BIO-risicoanalyse",
        "Elk jaar de risico's voor de informatiebeveiliging van de kernsystemen in kaart brengen "
        "volgens de Baseline Informatiebeveiliging Overheid en maatregelen voorstellen.",
        "CISO",
        "Informatiebeveiliging",
        "",
    ),
    (
        "ICT-06",
        "Verwerkingsregister bijhouden (AVG)",
        "Het overzicht van alle verwerkingen van persoonsgegevens actueel houden wanneer een "
        "applicatie wordt aangeschaft, gewijzigd of uitgefaseerd.",
        "Privacy officer",
        "Informatiebeveiliging",
        "",
    ),
    (
        "ICT-07",
        "Uitwijktest",
        "Twee keer per jaar oefenen dat de belangrijkste applicaties vanuit het tweede "
        "rekencentrum "
        "draaien, en de lessen vastleggen in het continuïteitsplan.",
        "Infra lead",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-08",
        "CMDB bijhouden",
        "Configuratie-items en hun onderlinge relaties vastleggen na elke wijziging, zodat "
        "iedereen weet welke servers en koppelingen bij een dienst horen.",
        "Configuratiebeheerder",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-09",
        "Onboard new supplier",
        "Check a new IT supplier's security measures and contract terms before the first order, "
        "then register the supplier and the agreed service levels.",
        "Contract manager",
        "Regie",
        "",
    ),
    (
        "ICT-10",
        "Accounts en autorisaties aanvragen",
        "Nieuwe medewerkers een account en de juiste rechten geven op basis van een aanvraag van "
        "de leidinggevende, en rechten intrekken bij vertrek.",
        "Teamleider servicedesk",
        "Servicedesk",
        "",
    ),
    (
        "ICT-11",
        "Back-up controle",
        "Elke ochtend de resultaten van de nachtelijke back-ups nakijken en mislukte back-ups "
        "opnieuw starten.",
        "Systeembeheerder",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-12",
        "Problem review",
        "Look into outages that keep coming back, find the underlying cause and propose a "
        "structural fix so that they do not happen again.",
        "Problem manager",
        "Regie",
        "",
    ),
    (
        "ICT-13",
        "Release calendar for the case system",
        "Plan the releases of the case management system together with the supplier, test them in "
        "acceptance and tell the users in advance what changes.",
        "Application manager",
        "Functioneel beheer",
        "",
    ),
    (
        "ICT-14",
        "Capaciteitsbeheer opslag",
        "Maandelijks het gebruik van opslag en rekenkracht meten, de groei voorspellen en op tijd "
        "uitbreiding aanvragen.",
        "Infra lead",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-15",
        "Klanttevredenheidsonderzoek ICT",
        "Eens per jaar de afdelingen vragen hoe tevreden zij zijn over de ICT-dienstverlening en "
        "de verbeterpunten vastleggen en opvolgen.",
        "Servicemanager",
        "Regie",
        "",
    ),
    (
        "ICT-16",
        "Servicecatalogus onderhouden",
        "De lijst van diensten met hun voorwaarden, kosten en aanvraagroute actueel houden op het "
        "intranet.",
        "Servicemanager",
        "Regie",
        "",
    ),
    (
        "ICT-17",
        "Security incident response",
        "Contain a suspected hack or malware outbreak, investigate what happened and bring the "
        "affected systems back into safe operation.",
        "CISO",
        "Informatiebeveiliging",
        "",
    ),
    (
        "ICT-18",
        "Datalek melden",
        "Een vermoedelijk datalek beoordelen, de schade beperken en het lek binnen 72 uur melden "
        "bij de toezichthouder.",
        "Privacy officer",
        "Informatiebeveiliging",
        "",
    ),
    (
        "ICT-19",
        "Werkplek uitleveren",
        "Nieuwe laptops volgens het standaardbeeld klaarzetten en op afspraak uitleveren aan "
        "medewerkers.",
        "Teamleider servicedesk",
        "Servicedesk",
        "",
    ),
    (
        "ICT-20",
        "Licentiebeheer",
        "Bijhouden welke softwarelicenties de gemeente heeft en gebruikt, en de aantallen elk "
        "jaar met de leveranciers afstemmen.",
        "Contract manager",
        "Regie",
        "",
    ),
    (
        "ICT-21",
        "Leveranciersoverleg",
        "Elk kwartaal met de grote leveranciers de geleverde prestaties bespreken aan de hand van "
        "de afgesproken servicelevels.",
        "Contract manager",
        "Regie",
        "",
    ),
    (
        "ICT-22",
        "Monitoring of core systems",
        "Watch the availability and performance alerts of the core systems around the clock and "
        "act when a threshold is crossed.",
        "Systeembeheerder",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-23",
        "Interne audit informatiebeveiliging",
        "Toetsen of de afdelingen het beveiligingsbeleid naleven en de opvolging van de "
        "bevindingen bewaken.",
        "CISO",
        "Informatiebeveiliging",
        "",
    ),
    (
        "ICT-24",
        "Application portfolio review",
        "Once a year review every application for end of support, overlap with other applications "
        "and cost, and advise on replacement.",
        "Information manager",
        "Regie",
        "",
    ),
    (
        "ICT-25",
        "Gebruikersvragen beantwoorden",
        "Vragen van medewerkers over het gebruik van applicaties telefonisch of via het "
        "selfserviceportaal beantwoorden.",
        "Teamleider servicedesk",
        "Servicedesk",
        "",
    ),
    (
        "ICT-26",
        "Firewall rule requests",
        "Handle requests from project teams to open network ports, check them against the "
        "security policy and put the approved rules in place.",
        "Network engineer",
        "Technisch beheer",
        "",
    ),
    (
        "ICT-27",
        "Major incident evaluation",
        "After every outage with the highest priority, hold an evaluation with everyone involved "
        "and record the actions that must prevent a repeat.",
        "Problem manager",
        "Regie",
        "",
    ),
    (
        "ICT-28",
        "Beschikbaarheid inwonersportaal afspreken",
        "Met de afdeling Publiekszaken afspraken maken over de beschikbaarheid en het onderhoud "
        "van het portaal waar inwoners hun zaken regelen.",
        "Servicemanager",
        "Regie",
        "",
    ),
    (
        "ICT-29",
        "Wijzigingsoverleg (CAB)",
        "Wekelijks overleg waarin de geplande wijzigingen met hun risico's worden besproken en "
        "goedgekeurd.",
        "Wijzigingscoördinator",
        "Technisch beheer",
        "overleg",
    ),
    (
        "ICT-30",
        "Coördinator servicedesk",
        "Verdeelt het werk van de servicedesk, bewaakt de doorlooptijden en spreekt collega's aan "
        "op de afspraken.",
        "Hoofd ICT",
        "Servicedesk",
        "rol",
    ),
    (
        "ICT-31",
        "Continuïteitsplan",
        "Document dat per kritieke dienst beschrijft hoe die na een calamiteit weer in de lucht "
        "komt en wie wat doet.",
        "Infra lead",
        "Technisch beheer",
        "document",
    ),
)


def write_workbook(path: Path) -> None:
    """Write the catalogue as an XLSX workbook to *path*."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Werkwijzen"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in ROWS:
        sheet.append(row)
    for column, width in zip("ABCDEF", (9, 42, 90, 24, 22, 10), strict=True):
        sheet.column_dimensions[column].width = width
    moment = dt.datetime(2026, 11, 28, 12, 0, 0)
    book.properties.created = book.properties.modified = moment
    book.properties.creator = "usm-kb example"
    book.save(path)


if __name__ == "__main__":
    write_workbook(Path(__file__).with_name("gemeente.xlsx"))
