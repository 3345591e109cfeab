"""What the vault knows about the worker and the organisation: settings and the work profile.
Imports desktop.core.common and desktop.core.vault.db; no Qt.
"""
