"""What a thumbnail of the generator's `bars` pattern (moving 75% colour bars over a grey ramp) must show, as
the tests that look at pictures check it: rows of (r, g, b), top first, 160 x 90 for a 16:9 picture.

  check_bars(check, "camera-1", rows)   # check(condition, what) records each result
"""
# 75% bars in BT.709 RGB, in their order: white, yellow, cyan, green, magenta, red, blue, black.
BARS = [(191, 191, 191), (191, 191, 0), (0, 191, 191), (0, 191, 0), (191, 0, 191), (191, 0, 0), (0, 0, 191), (0, 0, 0)]


def nearest_bar(pixel):
    distances = [sum((a - b) ** 2 for a, b in zip(pixel, bar)) for bar in BARS]
    best = min(range(len(BARS)), key=lambda i: distances[i])
    return best if distances[best] <= 3 * 12 ** 2 else None


def check_bars(check, name, rows):
    """Rows 5, 30 and 60 hold the eight bars in order (the pattern moves: any rotation), row 80 the grey ramp."""
    for y in (5, 30, 60):
        bars = [nearest_bar(pixel) for pixel in rows[y]]
        check(None not in bars, f"{name}: every pixel of row {y} is one of the bars' colours "
              f"(first unlike: {next((rows[y][x] for x, b in enumerate(bars) if b is None), None)})")
        runs = [b for i, b in enumerate(bars) if i == 0 or b != bars[i - 1]]
        if len(runs) > 1 and runs[0] == runs[-1]:
            runs.pop()  # a bar split by the wrap
        start = runs.index(0) if 0 in runs else 0
        check(runs[start:] + runs[:start] == list(range(8)), f"{name}: row {y} holds the eight bars in order ({runs})")
    grey = rows[80]
    check(all(abs(r - g) <= 6 and abs(g - b) <= 6 for r, g, b in grey),
          f"{name}: the bottom quarter is the grey ramp ({grey[:4]})")
