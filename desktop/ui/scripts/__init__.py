"""Scripts side by side, presentation mode, handouts, fonts for the client's script.
Imports ui.widgets, ui.consent (to share a handout) and core.
"""
