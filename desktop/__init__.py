"""Harbour: encrypted notes, client-language scripts, interpreter booking and a consent gate."""

__version__ = "0.1.0"
