"""Screens around the vault itself: first run, unlock, passphrase, recovery, restoring a backup.
Imports ui.widgets and core; not the other feature packages.
"""
