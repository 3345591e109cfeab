"""Harbour's rules in plain Python. Nothing in this package may import Qt (a test enforces it)."""
