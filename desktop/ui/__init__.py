"""Qt widgets: present core objects and forward the worker's intent. No business rules here."""
