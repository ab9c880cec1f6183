"""Improvement teams' workspaces: config, catalogue import, mapping set, compile.

The package imports nothing heavy itself: the KB's open path reads ``config`` and
``artefact`` without rdflib.
"""
