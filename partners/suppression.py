"""Small-cell suppression for anything exported or public: a count of 1–4 people could identify someone."""

MIN_CELL = 5
SUPPRESSED = "<5"
COMPLEMENTARY = "—"  # hidden only so that a "<5" beside it cannot be worked out from the total


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


def suppress_table(groups: list[dict], total: dict | None, count_keys: list[str], *,
                   min_cell: int = MIN_CELL) -> tuple[list[dict], dict | None]:
    """suppress_rows plus complementary suppression, so that no hidden cell can be recovered by subtraction.

    Per count column: when the hidden cells of the groups are a single cell, or add up to fewer than `min_cell`
    people, the next smallest shown cell is hidden too ("<5" would be wrong for it, so it shows "—"); when no cell
    is left to hide, the total is hidden instead. Derived figures of a row follow its counts as in suppress_rows.
    """
    shown = suppress_rows(groups, count_keys, min_cell=min_cell)
    shown_total = suppress_rows([total], count_keys, min_cell=min_cell)[0] if total is not None else None
    if total is None:
        return shown, None
    for key in count_keys:
        hidden = [i for i, row in enumerate(groups) if shown[i][key] == SUPPRESSED]
        if not hidden or shown_total[key] == SUPPRESSED:
            continue
        while len(hidden) == 1 or sum(groups[i][key] or 0 for i in hidden) < min_cell:
            candidates = [i for i, row in enumerate(groups)
                          if i not in hidden and isinstance(shown[i][key], int) and shown[i][key] > 0]
            if not candidates:
                shown_total[key] = COMPLEMENTARY
                break
            smallest = min(candidates, key=lambda i: groups[i][key])
            shown[smallest][key] = COMPLEMENTARY
            for derived in shown[smallest]:
                if derived.startswith(("rate_", "median_", "mean_")):
                    shown[smallest][derived] = None
            hidden.append(smallest)
    return shown, shown_total
