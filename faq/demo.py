"""Demo content of this app (filled in by its own issue)."""


def load(homes, users):
    """Nothing yet."""
