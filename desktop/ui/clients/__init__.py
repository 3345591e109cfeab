"""Clients, their page, sessions, promises, Today and search over notes.
Imports ui.widgets, ui.models, ui.consent (to share) and core.
"""
