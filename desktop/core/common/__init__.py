"""Shared plain-Python helpers: crash-safe files, safe CSV, typed-text checks, dates and numbers in
the UI locale, language tags. Imports only the standard library, Babel and desktop.i18n.
"""
