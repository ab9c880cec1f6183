"""The compile pipeline: sources -> named graphs -> inferences -> checks -> artefact.

:mod:`usm_kb.build.artefact` (manifest, freshness) is light and read when a KB is opened;
:mod:`usm_kb.build.pipeline` (``compile_kb``) pulls in rdflib, pyshacl and owlready2 and is
imported only when something is really compiled.
"""
