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


# Complementary suppression: a hidden cell cannot be worked out by subtracting the shown cells from the total.
from partners.suppression import COMPLEMENTARY, suppress_table  # noqa: E402


def _attack(shown, total, key):
    """What a reader learns from the shown table: the hidden cells' sum, and a cell's value if it is alone."""
    if not isinstance(total[key], int):
        return None, None
    hidden = [i for i, row in enumerate(shown) if not isinstance(row[key], int)]
    hidden_sum = total[key] - sum(row[key] for row in shown if isinstance(row[key], int))
    return hidden, hidden_sum


def test_one_small_district_is_not_revealed_by_the_total():
    groups = [{"label": "เมือง", "placed": 3, "median_wage": 400}, {"label": "ชุมแพ", "placed": 9},
              {"label": "บ้านไผ่", "placed": 14}]
    shown, total = suppress_table(groups, {"label": "รวม", "placed": 26}, ["placed"])
    assert [row["placed"] for row in shown] == [SUPPRESSED, COMPLEMENTARY, 14]
    assert total["placed"] == 26 and shown[0]["median_wage"] is None
    hidden, hidden_sum = _attack(shown, total, "placed")
    assert len(hidden) == 2 and hidden_sum == 12  # 3 + 9: neither value can be told apart


def test_total_is_hidden_when_nothing_else_can_be():
    shown, total = suppress_table([{"placed": 2}, {"placed": 0}], {"placed": 2}, ["placed"])
    assert shown[0]["placed"] == SUPPRESSED and total["placed"] in (SUPPRESSED, COMPLEMENTARY)


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_subtraction_never_reveals_a_small_cell(counts):
    groups = [{"n": c} for c in counts]
    shown, total = suppress_table(groups, {"n": sum(counts)}, ["n"])
    hidden, hidden_sum = _attack(shown, total, "n")
    if hidden is None or not hidden:
        return  # total hidden, or nothing small to protect
    assert len(hidden) >= 2 and hidden_sum >= 5
    for row, count in zip(shown, counts, strict=True):
        assert row["n"] in (SUPPRESSED, COMPLEMENTARY) or row["n"] == count
