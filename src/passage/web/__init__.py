"""The web shell: page rendering, middleware, home/dashboard, language switch, static files."""
