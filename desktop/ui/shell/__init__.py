"""The application frame: unlock -> main window -> lock cycle, sections, menus, preferences, theme.
May import every ui package and core; feature packages must not import the shell's window.
"""
