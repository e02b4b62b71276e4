"""Reader experience, proven in Debian's headless Chromium (issue 8)."""
