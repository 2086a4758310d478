"""An import's file read from the database a slice at a time, so that the worker does not
hold the whole file (up to RELMAP_IMPORT_MAX_BYTES) in memory while it imports."""

import io

from django.db.models import BinaryField
from django.db.models.functions import Length, Substr

from exchange.models import ImportBatch

# Bytes fetched by one query. PostgreSQL keeps the file uncompressed (migration 0002), so a
# slice costs its own size only.
SLICE = 1024 * 1024


class StoredFile(io.RawIOBase):
    """The file of batch `batch_id`, readable and seekable, read a query per slice: the
    slice being read is kept, never more."""

    def __init__(self, batch_id: int, slice_bytes: int = SLICE):
        self.batch_id = batch_id
        self.slice_bytes = slice_bytes
        self.position = 0
        self.slice_start, self.slice = 0, memoryview(b"")
        size = (
            ImportBatch.objects.filter(pk=batch_id)
            .values_list(Length("content"), flat=True)
            .first()
        )
        self.size = size or 0

    @classmethod
    def open(cls, batch_id: int, slice_bytes: int = SLICE) -> io.BufferedReader:
        return io.BufferedReader(cls(batch_id, slice_bytes))

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self.position = base + offset
        return self.position

    def readinto(self, buffer) -> int:
        offset = self.position - self.slice_start
        if not 0 <= offset < len(self.slice):
            self._fetch()
            offset = 0
        piece = self.slice[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self.position += len(piece)
        return len(piece)

    def _fetch(self) -> None:
        """Read the slice that starts at the current position (callers read a few kilobytes
        at a time: a query each would cost more than the import)."""
        self.slice_start = self.position
        wanted = min(self.slice_bytes, self.size - self.position)
        if wanted <= 0:
            self.slice = memoryview(b"")
            return
        piece = (
            ImportBatch.objects.filter(pk=self.batch_id)
            .values_list(
                Substr("content", self.position + 1, wanted, output_field=BinaryField()),
                flat=True,
            )
            .first()
        )
        # PostgreSQL gives a memoryview: used as it is (as bytes), not copied.
        self.slice = memoryview(piece or b"").cast("B")
