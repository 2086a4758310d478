import pytest

from scorecard import scoring


def score(value, target=90, threshold=70, higher=True):
    return scoring.measure_score(
        value=value, target=target, threshold=threshold, higher_is_better=higher
    )


def status(value, target=90, threshold=70, higher=True):
    return scoring.measure_status(
        value=value, target=target, threshold=threshold, higher_is_better=higher
    )


@pytest.mark.parametrize(
    ("value", "expected_score", "expected_status"),
    [
        (95, 100, "green"),
        (90, 100, "green"),
        (89.9, 99.8, "amber"),
        (80, 75, "amber"),
        (70, 50, "amber"),
        (69.9, 49.8, "red"),
        (50, 0, "red"),
        (0, 0, "red"),
        (None, None, "no_data"),
    ],
)
def test_higher_is_better_boundaries(value, expected_score, expected_status):
    assert score(value) == expected_score
    assert status(value) == expected_status


@pytest.mark.parametrize(
    ("value", "expected_score", "expected_status"),
    [
        (3, 100, "green"),
        (5, 100, "green"),
        (7.5, 75, "amber"),
        (10, 50, "amber"),
        (11, 40, "red"),
        (20, 0, "red"),
    ],
)
def test_lower_is_better_boundaries(value, expected_score, expected_status):
    assert score(value, target=5, threshold=10, higher=False) == expected_score
    assert status(value, target=5, threshold=10, higher=False) == expected_status


def test_target_equal_to_threshold_is_all_or_nothing():
    assert score(0, target=0, threshold=0, higher=False) == 100
    assert score(1, target=0, threshold=0, higher=False) == 0


def test_weighted_mean_skips_what_has_no_data_and_says_so():
    combined = scoring.weighted_mean([(100, 2), (40, 1), (None, 5)])
    assert combined.score == 80.0
    assert combined.status == "green"
    assert (combined.with_data, combined.without_data) == (2, 1)


def test_weighted_mean_of_nothing_is_no_data():
    combined = scoring.weighted_mean([(None, 1), (None, 1)])
    assert combined.score is None and combined.status == "no_data"


@pytest.mark.parametrize(
    ("score_", "expected"), [(80, "green"), (79.9, "amber"), (50, "amber"), (49.9, "red")]
)
def test_combined_status_bands(score_, expected):
    assert scoring.score_status(score_) == expected
