"""The shell: the application composed from the installed domains (home page, dashboard,
menu, language switch, static files)."""
