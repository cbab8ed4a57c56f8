"""Developer tools: the demos and the screenshot renderers. Not installed, not in the bundle."""
