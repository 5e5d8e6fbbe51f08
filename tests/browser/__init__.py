"""Browser tests: the running portal driven through Chromium with Playwright."""
