"""An import's file read from the database a slice at a time, so that the worker does not
hold the whole file (up to RELMAP_IMPORT_MAX_BYTES) in memory while it imports."""

import io

from django.db.models import BinaryField
from django.db.models.functions import Length, Substr

from exchange.models import ImportBatch

# Bytes fetched by one query. PostgreSQL keeps the file compressed; a slice costs decompressing
# the file up to its end, so slices are not too small either.
SLICE = 4 * 1024 * 1024


class StoredFile(io.RawIOBase):
    """The file of batch `batch_id`, readable and seekable, read a query per slice."""

    def __init__(self, batch_id: int):
        self.batch_id = batch_id
        self.position = 0
        size = (
            ImportBatch.objects.filter(pk=batch_id)
            .values_list(Length("content"), flat=True)
            .first()
        )
        self.size = size or 0

    @classmethod
    def open(cls, batch_id: int, buffer_size: int = SLICE) -> io.BufferedReader:
        return io.BufferedReader(cls(batch_id), buffer_size=buffer_size)

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
        wanted = min(len(buffer), self.size - self.position)
        if wanted <= 0:
            return 0
        piece = (
            ImportBatch.objects.filter(pk=self.batch_id)
            .values_list(
                Substr("content", self.position + 1, wanted, output_field=BinaryField()),
                flat=True,
            )
            .first()
        )
        piece = bytes(piece or b"")
        buffer[: len(piece)] = piece
        self.position += len(piece)
        return len(piece)
