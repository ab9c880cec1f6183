"""Reports: the analyses of a workspace as one HTML, Markdown or XLSX document.

``compose`` runs the analyses (one part each) into a :class:`~usm_kb.reports.model.Report`;
``html``, ``markdown`` and ``xlsx`` render it; ``svg`` lays out the heatmap and the workflow
diagrams that the HTML draws.
"""
