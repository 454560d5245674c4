"""What a backup or restore raises when it cannot go on: the message says why and what to do."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


class ArchiveInvalid(BackupError):
    pass


class DatabaseNotEmpty(BackupError):
    def __init__(self, contents: dict[str, int]):
        self.contents = contents
        listed = ", ".join(f"{label}: {count}" for label, count in sorted(contents.items())[:8])
        more = f" and {len(contents) - 8} more tables" if len(contents) > 8 else ""
        super().__init__(
            f"The database already holds data ({listed}{more}). Restore into an empty database (create it and "
            "run `manage.py migrate`), or pass --force to load the backup over the data already there."
        )
