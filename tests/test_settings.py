"""The settings checks: a setting that would publish something wrong stops the build first."""

from __future__ import annotations

import pytest

from coverage.settings import DEFAULTS, SettingsError, check


def settings(**changed) -> dict:
    return {**DEFAULTS, "JINJA_ENVIRONMENT": {"autoescape": True}, **changed}


def test_the_defaults_pass():
    check(settings())


@pytest.mark.parametrize("listed", [0, -3, 2.5, "100", True, None])
def test_reuse_listed_must_be_a_whole_number_of_pairs(listed):
    with pytest.raises(SettingsError) as stopped:
        check(settings(COVERAGE_REUSE_LISTED=listed))
    message = str(stopped.value)
    assert message.startswith("pelicanconf.py: COVERAGE_REUSE_LISTED:")
    assert repr(listed) in message and "fix the setting" in message


@pytest.mark.parametrize("threshold", [0, 1.5, "0.15", True])
def test_the_reuse_threshold_must_be_a_share(threshold):
    with pytest.raises(SettingsError, match="COVERAGE_REUSE_THRESHOLD"):
        check(settings(COVERAGE_REUSE_THRESHOLD=threshold))
