"""Qt item models over plain core records, kept apart from the views that show them; table_model.py is the one
table base (columns declared as specs). Imports Qt, core and desktop.i18n, never another ui package.
"""
