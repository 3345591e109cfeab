"""The client-facing scripts: catalogs, placeholders, review state, and which were shown when.
Imports common, vault and profile; no Qt.
"""
