"""Where each thing is published on the site: page URLs, clause anchors and citations, the calculator's help links; imports only data."""
