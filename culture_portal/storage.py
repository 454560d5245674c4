"""Uploaded files when the disk is full or the media folder cannot be written: nothing half-saved, a clear answer.

Rows roll back with their transaction; files do not. Three pieces keep the two together:

- `MediaStorage` removes the part of a file it had written when the write fails (Django's FileSystemStorage
  leaves it: an empty or truncated file that no row points at).
- `files_saved_together()` is a transaction for rows and files: if the block fails, the files written in it
  are removed too (a citizen's photos are personal data that nothing else would ever clean up).
- `storage_failed(error)` tells a storage failure (full, read-only, not permitted) from other errors, for the
  views that answer it themselves and for `StorageFailureMiddleware`, which answers every other view with a
  503 page saying that nothing was saved.
"""

import contextlib
import errno
import logging
import os

from django.core.files.storage import FileSystemStorage
from django.db import transaction

log = logging.getLogger(__name__)

# Out of space or quota, a read-only or unwritable folder, a file over the size limit, a failing device.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EIO}


def storage_failed(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in STORAGE_ERRNOS


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            # Only a file this call created: a file that was there before (a notice rendered again under
            # the same name is saved beside it) is never touched.
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(full_path)
            raise


@contextlib.contextmanager
def files_saved_together():
    """`with files_saved_together() as written:` then `written.append(field_file)` for each file stored."""
    written = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for field_file in written:
            with contextlib.suppress(OSError):
                field_file.storage.delete(field_file.name)
        raise
