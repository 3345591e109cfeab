"""The client-facing scripts: catalogs, placeholders, review state, and which were shown when.
Imports common, vault, profile and consent.duty_to_report (the age the confidentiality script names); no Qt.
"""
