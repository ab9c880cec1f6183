"""Explained mapping suggestions: where a team's own practice most likely lives in USM.

The shipped KB is the knowledge source: its reference practices and their curated
placements (nearest neighbours vote), USM's own definitions and the bilingual glossary (term
matches), and USM's placement rules (cue words). Every suggestion carries the evidence that
produced it.
"""
