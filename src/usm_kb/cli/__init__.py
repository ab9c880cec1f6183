"""The ``usm-kb`` command line (thin: parses options, calls services, prints results)."""

from usm_kb.cli.main import cli, main

__all__ = ["cli", "main"]
