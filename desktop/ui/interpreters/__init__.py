"""The interpreter directory, its editor, roster import/export, and finding an interpreter.
Imports ui.widgets, ui.models, ui.consent and core.
"""
