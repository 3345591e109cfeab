"""Channels that write outside Harbour. Each one takes a ``Release`` from desktop.core.consent.gate (never a client
id or the vault) and writes only ``release.fields``."""
