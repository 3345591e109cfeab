"""Consent records, THE consent gate (gate, matching, gathering), the audit log (audit, audit_head, audit_export).
May import every other core package; only records.retention calls back, lazily, to audit_export.forget_name.
"""
