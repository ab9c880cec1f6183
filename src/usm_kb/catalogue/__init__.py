"""Read services over the reference KB: frameworks, practices, mappings, KB info, export.

Each takes a :class:`~usm_kb.store.KnowledgeBase` and returns frozen dataclasses.
"""
