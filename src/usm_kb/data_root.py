"""Locate the data folders (ontology, mappings, web) in a wheel or a source checkout."""

from __future__ import annotations

from pathlib import Path

from usm_kb.errors import UsageError

DATA_DIRS = ("ontology", "mappings")
SOURCE_SUFFIXES = (".ttl", ".yaml", ".tsv")


def default_data_root() -> Path:
    """Return the folder holding ``ontology/`` and ``mappings/``.

    An installed wheel carries them in ``usm_kb/_data``; an editable install or a source
    checkout uses the repository root.
    """
    packaged = Path(__file__).resolve().parent / "_data"  # the wheel is installed unzipped
    if (packaged / "ontology").is_dir():
        return packaged
    repo = Path(__file__).resolve().parents[2]
    if (repo / "ontology").is_dir():
        return repo
    raise UsageError(
        "cannot find the usm-kb data folders (ontology/, mappings/)",
        hint="reinstall usm-kb or pass --data DIR",
    )


def web_root() -> Path:
    """The folder of the web explorer's templates and static files (``web/``).

    It ships with the code, not with the data: ``--data`` never changes it.
    """
    return default_data_root() / "web"


def source_files(root: Path) -> list[Path]:
    """All compile inputs under *root*, in a stable order (relative-path order)."""
    files: list[Path] = []
    for name in DATA_DIRS:
        base = root / name
        if base.is_dir():
            files += [p for p in base.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())
