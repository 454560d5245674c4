"""Which of this app's objects a reader may still see when a notification about them is opened (issue 14 §2)."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
