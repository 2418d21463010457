"""Small-cell suppression for anything exported or public: a count of 1–4 people could identify someone."""

MIN_CELL = 5
SUPPRESSED = "<5"


def suppress(value: int | None, *, min_cell: int = MIN_CELL):
    """0 stays 0 (nobody to identify); 1..min_cell-1 becomes "<5"; larger counts pass through."""
    if value is None:
        return None
    if 0 < value < min_cell:
        return SUPPRESSED
    return value


def suppress_rows(rows: list[dict], count_keys: list[str], *, min_cell: int = MIN_CELL) -> list[dict]:
    """Suppress the count columns of each row; a row's derived figures (rates, wages) are blanked too when its
    base count is small, since they would reveal the individuals behind it."""
    out = []
    for row in rows:
        new = dict(row)
        small = False
        for key in count_keys:
            new[key] = suppress(row.get(key), min_cell=min_cell)
            small = small or new[key] == SUPPRESSED
        if small:
            for key in row:
                if key not in count_keys and key.startswith(("rate_", "median_", "mean_")):
                    new[key] = None
        out.append(new)
    return out
