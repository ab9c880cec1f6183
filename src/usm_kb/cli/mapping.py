"""``usm-kb map accept|reject`` and ``usm-kb review``: the team decides, SSSOM records it."""

from __future__ import annotations

import datetime as dt
import getpass

import click

from usm_kb.catalogue.targets import target_classes
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import markup_escape, print_error, stderr, stdout
from usm_kb.errors import UsmKbError
from usm_kb.store import KnowledgeBase
from usm_kb.suggest.model import Suggestions
from usm_kb.suggest.service import ranker_for, rejected, resolve_target, suggest_one
from usm_kb.vocab import RELATIONS
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.decisions import Decision, agent, decided, record_decision
from usm_kb.workspace.practices import load_practices

AUTHOR_HELP = "Who decides (default: your login name); recorded as author and reviewer."


def _author(given: str | None) -> str:
    return agent(given or getpass.getuser())


@click.group("map")
def map_group() -> None:
    """Record the team's decision about where a local practice lives in USM."""


def _options(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option("--author", help=AUTHOR_HELP)(func)
    func = click.option("--comment", default="", help="Why, in one sentence.")(func)
    return func


@map_group.command("accept")
@click.argument("practice")
@click.argument("target")
@click.option(
    "--relation",
    type=click.Choice([r for r in RELATIONS if r != "not_related"]),
    default="subset",
    show_default=True,
    help="How the practice relates to the target.",
)
@click.option(
    "--share",
    type=click.IntRange(0, 100),
    help="Percentage of the practice in this target (needed unless subset or equal).",
)
@_options
@workspace_option()
@click.pass_obj
@handles_errors
def accept(
    obj: Context,
    practice: str,
    target: str,
    relation: str,
    share: int | None,
    comment: str,
    author: str | None,
) -> None:
    """Place PRACTICE (its id) in TARGET: an approved SSSOM row.

    TARGET is a process name (Recover, herstellen) or a CURIE such as profile:operator.
    """
    _decide(
        obj, practice, target, True, relation=relation, share=share, comment=comment, author=author
    )


@map_group.command("reject")
@click.argument("practice")
@click.argument("target")
@_options
@workspace_option()
@click.pass_obj
@handles_errors
def reject(obj: Context, practice: str, target: str, comment: str, author: str | None) -> None:
    """Record that PRACTICE does not belong in TARGET (a not_related row, share 0)."""
    _decide(obj, practice, target, False, comment=comment, author=author)


def _decide(
    obj: Context,
    practice: str,
    target: str,
    accept: bool,
    *,
    author: str | None,
    comment: str,
    relation: str = "subset",
    share: int | None = None,
) -> None:
    workspace = obj.require_workspace()
    kb = obj.open_kb(with_workspace=False)
    iri, label = resolve_target(kb, workspace, target)
    suggested = _suggested(kb, workspace, practice)
    match = next((c for c in suggested.candidates if c.target == iri), None) if suggested else None
    decision = Decision(
        practice,
        iri,
        label,
        accept,
        _author(author),
        dt.date.today().isoformat(),
        relation=relation,
        share=share,
        comment=comment,
        suggested=match is not None,
        confidence=match.confidence if match else 0.9,
    )
    result = record_decision(workspace, decision, target_classes(kb))
    verb = "accepted" if accept else "rejected"
    again = " (replaced the earlier decision)" if result.replaced else ""
    stderr().print(f"{verb}: {practice} → {label}{again}")


def _suggested(kb: KnowledgeBase, workspace: Workspace, practice: str) -> Suggestions | None:
    found = next((p for p in load_practices(workspace) if p.id == practice), None)
    return suggest_one(ranker_for(kb), found, 5) if found else None


@click.command()
@click.option("--top", type=click.IntRange(1, 9), default=3, show_default=True)
@click.option("--all", "everything", is_flag=True, help="Also practices decided already.")
@click.option("--author", help=AUTHOR_HELP)
@workspace_option()
@click.pass_obj
@handles_errors
def review(obj: Context, top: int, everything: bool, author: str | None) -> None:
    """Go through the suggestions one practice at a time: accept, pick another, skip, quit.

    Plain line input, so it works in any terminal, under tmux and from a pipe. Each decision
    is written at once (an approved SSSOM row), so quitting keeps what was decided.
    """
    workspace = obj.require_workspace()
    kb = obj.open_kb(with_workspace=False)
    ranker = ranker_for(kb)
    targets = target_classes(kb)
    who = _author(author)
    done = decided(workspace)
    refused = rejected(workspace)
    todo = [p for p in load_practices(workspace) if everything or p.id not in done]
    counts = {"accepted": 0, "rejected": 0, "skipped": 0}
    out = stdout()
    for number, practice in enumerate(todo, 1):
        item = suggest_one(ranker, practice, top, refused.get(practice.id, frozenset()))
        out.print(
            f"\n[bold]{number}/{len(todo)}  {markup_escape(practice.name)}[/bold]"
            f"  ({practice.id}, {practice.language})"
        )
        if practice.description:
            out.print(f"  {markup_escape(practice.description)}")
        for rank, c in enumerate(item.candidates, 1):
            out.print(f"  [{rank}] {c.label}  {c.confidence:.2f}")
            for e in c.evidence[:3]:
                out.print(f"      {markup_escape(e.text)}")
        answer = _ask(len(item.candidates))
        if answer == "q":
            break
        if answer == "s":
            counts["skipped"] += 1
            continue
        try:
            decision = _decision(kb, workspace, item, answer, who)
            record_decision(workspace, decision, targets)
        except UsmKbError as exc:
            print_error(str(exc))
            counts["skipped"] += 1
            continue
        counts["accepted" if decision.accept else "rejected"] += 1
    stderr().print(", ".join(f"{k}: {v}" for k, v in counts.items()))


def _ask(size: int) -> str:
    """One answer: a candidate number, r<n> (reject), o (other target), s (skip), q (quit)."""
    prompt = (
        f"accept 1-{size}, r1 reject, o other target, s skip, q quit"
        if size
        else "o other target, s skip, q quit"
    )
    while True:
        try:
            answer = click.prompt(prompt, default="s", show_default=False).strip().lower()
        except click.Abort:
            return "q"  # end of input: stop, keeping what was decided
        if answer in ("s", "q", "o"):
            return answer
        number = answer.removeprefix("r")
        if number.isdigit() and 1 <= int(number) <= size:
            return answer
        print_error(f"{answer!r} is not an answer here")


def _decision(
    kb: KnowledgeBase, workspace: Workspace, item: Suggestions, answer: str, who: str
) -> Decision:
    today = dt.date.today().isoformat()
    if answer == "o":
        iri, label = resolve_target(
            kb, workspace, click.prompt("target (e.g. Recover, profile:operator)")
        )
        return Decision(item.practice, iri, label, True, who, today)
    chosen = item.candidates[int(answer.removeprefix("r")) - 1]
    return Decision(
        item.practice,
        chosen.target,
        chosen.label,
        not answer.startswith("r"),
        who,
        today,
        suggested=True,
        confidence=chosen.confidence,
    )
