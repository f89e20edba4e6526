from assistant.calibrate import sweep


def test_sweep_counts_answered_and_abstained_per_threshold():
    scores = [(True, 0.9), (True, 0.4), (True, None), (False, 0.2), (False, None), (False, 0.6)]
    rows = {t: (a, b) for t, a, b in sweep(scores, grid=(0.0, 0.3, 0.5, 0.7))}
    assert rows[0.0] == (2 / 3, 1 / 3)  # None is abstained on whatever the threshold
    assert rows[0.3] == (2 / 3, 2 / 3)
    assert rows[0.5] == (1 / 3, 2 / 3)
    assert rows[0.7] == (1 / 3, 1.0)
