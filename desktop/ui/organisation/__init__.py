"""Preferences ▸ Organisation: subscribing to an organisation's signed updates, and reading, showing and applying
them (at unlock and on demand). Imports core (organisation, profile) and ui.widgets, ui.shell.context; no SQL.
"""
