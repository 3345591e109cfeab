"""The encrypted vault: keys, key.json, the SQLCipher connection, schema, backups, quarantine.
Imports desktop.core.common and desktop.core.profile; never records, consent or Qt.
"""
