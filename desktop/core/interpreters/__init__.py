"""The interpreter directory, matching, bookings, booking sharing, roster import/export.
Imports common, vault, profile, records and consent; no Qt.
"""
