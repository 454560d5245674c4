"""What is waiting on the home page for this app's roles (issue 14 §1): registered with the core in register()."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
