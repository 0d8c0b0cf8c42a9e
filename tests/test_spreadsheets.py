import datetime

import pytest

from portal.spreadsheets import formula_safe


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_would_run_as_a_formula_is_written_as_text(text):
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["通勤手当", "", -5, 3.5, datetime.date(2026, 12, 1), None, "a=b"])
def test_other_values_are_unchanged(value):
    assert formula_safe(value) == value
