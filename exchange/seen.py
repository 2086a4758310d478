"""The keys already seen in the file being imported (external ids, e-mails, names…) and the
row that first had each, to flag duplicates within the file, in memory that does not grow
with the file.

The rows of the chunk being imported are kept in a dict; at the end of each chunk they go to a
temporary table of the import's connection (a 16-byte digest of the key and the row number,
one INSERT). A fixed-size Bloom filter tells which keys cannot have been seen in an earlier
chunk, so only a key it has seen before (a real duplicate, or now and then a false alarm) is
looked up in the table: a query for those rows alone. The table lives in the import's
transaction and is dropped with it.
"""

from hashlib import blake2b

from django.db import connection

TABLE = "exchange_seen_keys"
# 2^23 bits (1 MiB) and 4 probes: at 100,000 keys one key in ~175,000 is a false alarm (a
# query that finds nothing), at a million one in ~40.
BLOOM_BITS = 1 << 23
PROBES = 4


def digest(key: tuple) -> bytes:
    return blake2b(repr(key).encode(), digest_size=16).digest()


class Bloom:
    """A set of digests that may answer "perhaps" for one never added, never "no" for one
    that was."""

    def __init__(self, bits: int = BLOOM_BITS):
        self.bits = bytearray(bits // 8)
        self.mask = bits - 1

    def _positions(self, key: bytes) -> list[int]:
        whole, mask = int.from_bytes(key, "little"), self.mask
        return [(whole >> (32 * i)) & mask for i in range(PROBES)]

    def add(self, key: bytes) -> None:
        bits = self.bits
        for p in self._positions(key):
            bits[p >> 3] |= 1 << (p & 7)

    def __contains__(self, key: bytes) -> bool:
        bits = self.bits
        return all(bits[p >> 3] & (1 << (p & 7)) for p in self._positions(key))


class SeenKeys:
    """`first(key, number)`: the earlier row of the file with `key`, or None (and the key is
    noted as `number`'s). `end_chunk()` after each chunk; `close()` at the end."""

    def __init__(self):
        self.chunk: dict[bytes, int] = {}
        self.bloom = Bloom()
        self.table = False

    def first(self, key: tuple, number: int) -> int | None:
        key = digest(key)
        earlier = self.chunk.get(key)
        if earlier is None and key in self.bloom:
            earlier = self._stored(key)
        if earlier is None:
            self.chunk[key] = number
            self.bloom.add(key)
            return None
        return earlier if earlier != number else None

    def _stored(self, key: bytes) -> int | None:
        if not self.table:
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT row_number FROM {TABLE} WHERE digest = %s", [key])  # noqa: S608
            found = cursor.fetchone()
        return found[0] if found else None

    def end_chunk(self) -> None:
        if not self.chunk:
            return
        with connection.cursor() as cursor:
            if not self.table:
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {TABLE} "
                    "(digest bytea PRIMARY KEY, row_number integer NOT NULL)"
                    if connection.vendor == "postgresql"
                    else f"CREATE TEMPORARY TABLE {TABLE} "
                    "(digest blob PRIMARY KEY, row_number integer NOT NULL)"
                )
                self.table = True
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {TABLE} SELECT * FROM unnest(%s::bytea[], %s::integer[]) "  # noqa: S608
                    "ON CONFLICT DO NOTHING",
                    [list(self.chunk), list(self.chunk.values())],
                )
            else:
                cursor.executemany(
                    f"INSERT OR IGNORE INTO {TABLE} VALUES (%s, %s)",  # noqa: S608
                    list(self.chunk.items()),
                )
        self.chunk.clear()

    def close(self) -> None:
        if self.table:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            self.table = False
        self.chunk.clear()
