"""Small widgets every screen uses: guarded text fields, date pickers, language picker, clipboard.
Imports only Qt and core; never a feature package.
"""
