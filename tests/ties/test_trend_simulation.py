"""The trend detector on simulated dyads (bench/sim_trends.py, small): few false alarms on stable
ties, large shifts found within a period."""

from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bench"))

import sim_trends  # noqa: E402


def test_stable_ties_rarely_read_as_moving_and_large_shifts_are_found():
    res = sim_trends.run(argparse.Namespace(dyads=80, periods=20, noise=1.5, z=sim_trends_z(), seed=11, one_period=False))
    assert res["false_alarm_rate"] <= 0.05
    assert res["detection_by_size"]["5"] >= 0.6


def sim_trends_z():
    from tieline.ties.trend import Z_CRIT

    return Z_CRIT
