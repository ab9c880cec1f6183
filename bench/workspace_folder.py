"""Realistic synthetic workspace folders for the scale bench (1k / 10k / 100k practices).

``usm-kb init`` writes the folder (config, headers, README) so the files are the product's own
format; this module then fills it as a large organisation's improvement team would:

- ``practices.yaml``: *practices* practices in English, 85 % activities (each with the call
  type that triggers its process), 5 % roles, 5 % artefacts, 5 % events; owners and teams on
  most, some without (validation warnings), every 100th with a trigger that does not fit its
  process (a conflict), every 20th unmapped (a gap);
- ``mappings.sssom.tsv``: one ``subset`` row per mapped practice, or two ``intersects`` rows
  (shares 60/40) for every third activity; confidences vary, statuses proposed/approved;
- ``organisation.yaml``: one team per 50 practices, domains specify/realize/use in turn, every
  seventh team without a domain;
- ``workflows/``: a few USM-WIF workflows made from the conforming test fixture.

    python bench/workspace_folder.py PRACTICES DIR
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from harness import usm_kb_command

PROCESSES = ("agree", "change", "operate", "recover", "improve")
TRIGGERS = {
    "agree": "wish",
    "change": "request-for-change",
    "operate": "service-request",
    "recover": "incident",
    "improve": "risk",
}
LABELS = {p: p.capitalize() for p in PROCESSES}
OTHER_KINDS = {  # kind: (object CURIE, label, see_also IRI)
    "role": ("profile:operator", "operator", "https://w3id.org/usm-kb/id/profile/operator"),
    "artefact": (
        "resource:technology",
        "technology",
        "https://w3id.org/usm-kb/id/managed-object/technology",
    ),
    "event": ("calltype:incident", "incident", "https://w3id.org/usm-kb/id/call-type/incident"),
}
DOMAINS = ("specify", "realize", "use")
WORDS = (
    "servers",
    "network",
    "licences",
    "accounts",
    "laptops",
    "backups",
    "printers",
    "storage",
    "portal",
    "telephony",
    "contracts",
    "suppliers",
    "databases",
    "mail",
)
WORKFLOWS = 5
FIXTURE = (
    Path(__file__).resolve().parents[1] / "tests" / "data" / "wif" / "conforming.workflow.json"
)


def practice_kind(i: int) -> str:
    """85 % activities; of every 20 practices one role, one artefact, one event."""
    j = i % 20
    return "activity" if j < 17 else ("role", "artefact", "event")[j - 17]


def write_workspace(root: Path, practices: int, name: str = "Bench") -> Path:
    """A filled workspace folder at *root* (created with ``usm-kb init``)."""
    subprocess.run(
        [usm_kb_command(), "init", str(root), "--name", name, "--language", "en"],
        check=True,
        capture_output=True,
    )
    ws_id = next(
        line.split('"')[1]
        for line in (root / "usm-workspace.toml").read_text().splitlines()
        if line.startswith("id =")
    )
    teams = max(1, practices // 50)
    _organisation(root, name, teams)
    yaml_lines = [
        "# Local practices of a synthetic workspace (bench/workspace_folder.py).",
        "practices:",
    ]
    rows: list[str] = []
    for i in range(practices):
        pid = f"P-{i:06d}"
        kind = practice_kind(i)
        process = PROCESSES[i % 5]
        thing = WORDS[i % len(WORDS)]
        pname = f"{process.capitalize()} {thing} {i}"
        yaml_lines += [
            f"- id: {pid}",
            f"  name: {pname}",
            "  language: en",
            f"  description: How team {i % teams} handles {thing} for site {i // 97} ({kind}).",
        ]
        if i % 13:
            yaml_lines.append(f"  owner: Owner {i % 40}")
        if i % 11:
            yaml_lines.append(f"  team: Team {i % teams}")
        yaml_lines.append(f"  group: Group {i % 12}")
        if kind != "activity":
            yaml_lines.append(f"  kind: {kind}")
        else:
            trigger = TRIGGERS[PROCESSES[(i + 1) % 5]] if i % 100 == 7 else TRIGGERS[process]
            yaml_lines.append(f"  trigger: {trigger}")
        if i % 20 == 3:
            continue  # not mapped yet: a gap
        rows += _rows(ws_id, pid, pname, kind, i)
    (root / "practices.yaml").write_text("\n".join(yaml_lines) + "\n", encoding="utf-8")
    with (root / "mappings.sssom.tsv").open("a", encoding="utf-8") as out:
        out.write("".join(rows))
    _workflows(root)
    return root


def _rows(ws_id: str, pid: str, pname: str, kind: str, i: int) -> list[str]:
    confidence = f"{0.5 + (i % 5) / 10:.2f}"
    status, reviewer = ("approved", "agent:analyst") if i % 3 == 0 else ("proposed", "")
    if kind != "activity":
        target, label, see_also = OTHER_KINDS[kind]
        return [
            _row(
                ws_id,
                pid,
                pname,
                target,
                label,
                see_also,
                "subset",
                100,
                confidence,
                status,
                reviewer,
            )
        ]
    process = PROCESSES[i % 5]
    if i % 3 == 1:
        second = PROCESSES[(i + 2) % 5]
        return [
            _row(
                ws_id,
                pid,
                pname,
                f"usmp:{p}",
                LABELS[p],
                _iri(p),
                "intersects",
                share,
                confidence,
                status,
                reviewer,
            )
            for p, share in ((process, 60), (second, 40))
        ]
    return [
        _row(
            ws_id,
            pid,
            pname,
            f"usmp:{process}",
            LABELS[process],
            _iri(process),
            "subset",
            100,
            confidence,
            status,
            reviewer,
        )
    ]


def _iri(process: str) -> str:
    return f"https://w3id.org/usm-kb/id/process/{process}"


def _row(
    ws_id: str,
    pid: str,
    pname: str,
    target: str,
    label: str,
    see_also: str,
    relation: str,
    share: int,
    confidence: str,
    status: str,
    reviewer: str,
) -> str:
    predicate = {"subset": "skos:broadMatch", "intersects": "skos:relatedMatch"}[relation]
    cells = [
        f"{ws_id}:{pid}",
        pname,
        predicate,
        "",
        target,
        label,
        "semapv:ManualMappingCuration",
        confidence,
        "agent:analyst",
        reviewer,
        "2026-11-29",
        "placed by the bench",
        see_also,
        relation,
        "functional",
        str(share),
        "derived",
        "",
        status,
    ]
    return "\t".join(cells) + "\n"


def _organisation(root: Path, name: str, teams: int) -> None:
    lines = [f'organisation: "{name}"', "teams:"]
    for t in range(teams):
        lines += [f"  - id: team-{t}", f"    name: Team {t}"]
        lines.append(f"    description: Team {t} of the synthetic organisation.")
        if t % 7 != 6:
            lines.append(f"    domain: {DOMAINS[t % 3]}")
    (root / "organisation.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _workflows(root: Path) -> None:
    folder = root / "workflows"
    folder.mkdir(exist_ok=True)
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for w in range(WORKFLOWS):
        doc = dict(base, slug=f"bench-flow-{w}", name=f"{base['name']} (variant {w})")
        (folder / f"bench-flow-{w}.workflow.json").write_text(json.dumps(doc, indent=1))


def main() -> None:
    write_workspace(Path(sys.argv[2]), int(sys.argv[1]))


if __name__ == "__main__":
    main()
