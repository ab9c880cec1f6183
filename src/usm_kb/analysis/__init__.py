"""Analyses of a workspace against USM (issue 16).

Coverage, gaps, overlap, conflicts, separation, compare, backlog and what-if. Each analysis
reads the knowledge base with the workspace compiled beside it, through
``KnowledgeBase.select`` and ``run_named`` only (what-if then changes those facts in
memory), and returns a frozen dataclass with ``to_dict()``; the formulas are in
docs/analysis.md.
"""
