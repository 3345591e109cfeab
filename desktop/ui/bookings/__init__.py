"""Bookings: the week, the booking editor and its dialogs, times in the booking zone.
Imports ui.widgets, ui.interpreters, ui.consent and core.
"""
