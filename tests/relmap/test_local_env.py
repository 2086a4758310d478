"""The local `.env` file: settings read it, and the real environment wins over it."""

import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from relmap.settings import read_env_file

NAMES = ["RELMAP_TEST_COLOUR", "RELMAP_TEST_SHAPE", "RELMAP_TEST_SIZE", "RELMAP_TEST_TOKEN"]


@pytest.fixture(autouse=True)
def names_start_unset(monkeypatch):
    # Setting then deleting makes monkeypatch put each name back as it was after the test.
    for name in NAMES:
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def write(tmp_path, text):
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_variables_in_the_file_are_set_in_the_environment(tmp_path):
    path = write(tmp_path, "RELMAP_TEST_COLOUR=red\nRELMAP_TEST_SHAPE = round \n")

    values = read_env_file(path)

    assert values == {"RELMAP_TEST_COLOUR": "red", "RELMAP_TEST_SHAPE": "round"}
    assert os.environ["RELMAP_TEST_COLOUR"] == "red"
    assert os.environ["RELMAP_TEST_SHAPE"] == "round"


def test_comments_and_blank_lines_are_skipped(tmp_path):
    path = write(
        tmp_path,
        "# local settings\n\nRELMAP_TEST_COLOUR=red\n   \n  # RELMAP_TEST_SHAPE=square\n",
    )

    assert read_env_file(path) == {"RELMAP_TEST_COLOUR": "red"}
    assert "RELMAP_TEST_SHAPE" not in os.environ


def test_one_pair_of_matching_quotes_around_a_value_is_removed(tmp_path):
    path = write(
        tmp_path,
        'RELMAP_TEST_COLOUR="dark red"\n'
        "RELMAP_TEST_SHAPE='round'\n"
        'RELMAP_TEST_SIZE="it\'s large"\n'
        "RELMAP_TEST_TOKEN='unmatched\"\n",
    )

    read_env_file(path)

    assert os.environ["RELMAP_TEST_COLOUR"] == "dark red"
    assert os.environ["RELMAP_TEST_SHAPE"] == "round"
    assert os.environ["RELMAP_TEST_SIZE"] == "it's large"
    assert os.environ["RELMAP_TEST_TOKEN"] == "'unmatched\""


def test_a_value_keeps_its_equals_signs_and_hashes(tmp_path):
    path = write(tmp_path, "RELMAP_TEST_TOKEN=a=b==#c\n")

    read_env_file(path)

    assert os.environ["RELMAP_TEST_TOKEN"] == "a=b==#c"


def test_a_variable_already_in_the_environment_is_not_overridden(tmp_path, monkeypatch):
    monkeypatch.setenv("RELMAP_TEST_COLOUR", "blue")
    path = write(tmp_path, "RELMAP_TEST_COLOUR=red\nRELMAP_TEST_SHAPE=round\n")

    read_env_file(path)

    assert os.environ["RELMAP_TEST_COLOUR"] == "blue"
    assert os.environ["RELMAP_TEST_SHAPE"] == "round"


def test_a_variable_set_empty_in_the_environment_is_not_overridden(tmp_path, monkeypatch):
    monkeypatch.setenv("RELMAP_TEST_COLOUR", "")
    path = write(tmp_path, "RELMAP_TEST_COLOUR=red\n")

    read_env_file(path)

    assert os.environ["RELMAP_TEST_COLOUR"] == ""


def test_a_missing_file_sets_nothing(tmp_path):
    assert read_env_file(tmp_path / ".env") == {}
    assert not any(name in os.environ for name in NAMES)


def test_a_line_that_is_not_key_equals_value_is_refused_without_showing_it(tmp_path):
    path = write(tmp_path, "RELMAP_TEST_COLOUR=red\nRELMAP TEST TOKEN s3cret\n")

    with pytest.raises(ImproperlyConfigured) as refused:
        read_env_file(path)

    assert "line 2" in str(refused.value)
    assert "s3cret" not in str(refused.value)
