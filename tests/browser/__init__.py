"""Browser tests: Playwright driving the system Chromium against a live `passage serve`."""
