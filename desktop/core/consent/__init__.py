"""Consent records, THE consent gate (gate.py), what it gathers, the audit log, the duty to report.
May import every other core package; nothing in core imports the gate except exports' callers.
"""
