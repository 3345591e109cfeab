"""The built-in demo vault and its fictional people, made through the same core API as real work.
May import any core package; nothing imports it but the app's --demo path and tests.
"""
