"""An organisation's signed updates through The Update Framework: the coordinator's repository and keys, the worker's
subscription and its verification, and applying a verified update. Imports common, vault, profile, consent,
interpreters and scripts; no Qt.
"""
