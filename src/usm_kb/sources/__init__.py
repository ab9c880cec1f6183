"""The hand-edited inputs: ontology, framework catalogues and mapping sets.

Each is checked (``file:line`` errors) and parsed into one rdflib graph per named graph
(:mod:`usm_kb.sources.loading`). Import from the modules: this package imports nothing, so a
command that only checks a practice's shares (``analyze what-if``) does not load rdflib.
"""
