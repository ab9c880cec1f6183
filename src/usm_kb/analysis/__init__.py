"""Analyses of a workspace against USM: coverage, gaps and overlap (issue 16).

Each analysis reads the knowledge base with the workspace compiled beside it, through
``KnowledgeBase.select`` and ``run_named`` only, and returns a frozen dataclass with
``to_dict()``; the formulas are in docs/analysis.md.
"""
