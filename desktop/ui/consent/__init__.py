"""Recording and withdrawing consent, sharing through the gate, the duty to report, the audit log.
Imports ui.widgets, ui.models, core and desktop.exports.
"""
