"""Where uploads are stored: Django's file system storage, leaving nothing behind.

A write that fails half-way (the disk full, a quota reached, the file system turned
read-only) used to leave the part written so far in MEDIA_ROOT, a file no record
knows. Here that part is removed before the error goes on; the view's transaction
rolls back its records, and /dela/errors.py answers with a page that says nothing
was saved. Files already stored for the same request are removed by their callers,
who know them (network/services.py, media/services.py).
"""

import contextlib
import os

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name, content):
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(self.path(name))
            raise
