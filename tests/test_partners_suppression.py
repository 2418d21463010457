from hypothesis import given
from hypothesis import strategies as st

from partners.suppression import SUPPRESSED, suppress, suppress_rows


def test_small_cells_suppressed_zero_and_large_kept():
    assert [suppress(v) for v in [0, 1, 4, 5, 123, None]] == [0, SUPPRESSED, SUPPRESSED, 5, 123, None]


def test_rows_blank_derived_figures_of_small_cells():
    rows = [{"district": "เมือง", "placed": 3, "median_wage": 9000}, {"district": "ชุมแพ", "placed": 12,
                                                                        "median_wage": 11000}]
    out = suppress_rows(rows, ["placed"])
    assert out[0] == {"district": "เมือง", "placed": SUPPRESSED, "median_wage": None}
    assert out[1] == rows[1]
    assert rows[0]["placed"] == 3  # input untouched


@given(st.integers(min_value=0, max_value=10_000))
def test_no_exported_count_between_one_and_four(n):
    v = suppress(n)
    assert v == SUPPRESSED or v == 0 or v >= 5
