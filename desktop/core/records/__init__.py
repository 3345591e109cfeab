"""The worker's own record: clients, sessions, promises, search, archive and delete for good.
Imports common, vault, profile and scripts; never the consent gate; no Qt.
"""
