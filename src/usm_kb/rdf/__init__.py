"""RDF plumbing that knows nothing about USM.

Parsing, terms, serialisation, SPARQL text and results. Besides this package, only the
store's embedded backend (and the build and validation engines, on their own private
stores) call pyoxigraph.
"""
