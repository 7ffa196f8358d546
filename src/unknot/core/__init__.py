"""The domain core: plain Python, no web, CLI or database framework."""
