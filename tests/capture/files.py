"""The test data's files, and capturing one of them as someone would upload it."""

from pathlib import Path

from capture.services import capture_file

DATA = Path(__file__).parent / "data"


def upload(name: str, *, by=None):
    with open(DATA / name, "rb") as stream:
        return capture_file(stream, name, by=by)
