"""SHACL validation of the sources and of users' data.

The shapes (``shapes``), the engine (``validate``: pyshacl for Core, Oxigraph for SPARQL
constraints), the findings (``report``) and their renderings (``render``). Import from the
modules: this package imports nothing, so a command that only reads findings (``analyze``)
does not load pyshacl and rdflib.
"""
