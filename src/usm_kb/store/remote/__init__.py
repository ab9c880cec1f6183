"""The ``sparql`` backend: the KB published to a SPARQL 1.1 server, queried over HTTP.

Nothing is imported here, so that parsing ``--store`` (:mod:`.location`) stays cheap.
"""
