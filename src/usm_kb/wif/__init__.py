"""USM-WIF: the USM Workflow Interchange Format (JSON) read, checked, stored and written.

docs/wif.md describes the format rules, the conformance checks and the RDF terms used.
"""
