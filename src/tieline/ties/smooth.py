"""A relation's level over time, with its uncertainty: the local-level state-space model.

    level[t] = level[t-1] + eta[t]     eta ~ N(0, q)          the relation drifts a little each period
    y[t]     = level[t]  + eps[t]      eps ~ N(0, r / n[t])   a period's weighted mean PLOVER score

``y[t]`` is the period's weighted mean score and ``n[t]`` its effective number of events (Kish:
(sum w)^2 / sum w^2), so one event says little and ten say more.  A period with no events is a
missing observation: the level carries on and its interval widens.  The Kalman filter gives what
was known at each period (the trend is read from it); the Rauch-Tung-Striebel smoother gives the
best estimate with hindsight (the band drawn around the scores).  This is the model of Harvey
(1989, ch. 2-3) and Durbin & Koopman (2012, ch. 2), used for event counts and scores by Brandt &
Freeman (2006) and Tahk (2015); the filter is written out here because it is a dozen lines and a
statistics package would add 100 MB to the install.

Parameters, documented in ``docs/ties.md``:

* ``r``, the spread of single event scores around the level: pooled from the dyad's own periods
  with two or more events, shrunk toward ``R_PRIOR`` (3 points, squared) with ``R_PRIOR_WEIGHT``
  pseudo-observations, and floored at ``R_FLOOR``;
* ``q``, how far the level may drift in one period: ``Q_RATIO`` x r per year by default, scaled to
  the period's length (a random walk's variance grows with time: a month drifts 1/12 of a year);
  with at least ``ML_MIN_PERIODS`` periods with events, the ratio in ``Q_GRID`` that maximises the
  likelihood;
* the level starts where the first period's events put it (a diffuse start); ``LEVEL0_SD`` is
  only the spread shown before any event.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

R_PRIOR = 9.0  # event scores scatter about 3 points around a dyad's level
R_PRIOR_WEIGHT = 4.0  # ... worth four events of the dyad's own
R_FLOOR = 1.0
Q_RATIO = 0.05  # default drift per year, as a share of r
Q_GRID = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
ML_MIN_PERIODS = 8
LEVEL0_SD = 5.0  # before the first event: anywhere on the scale


@dataclass
class Obs:
    """One period: weighted mean score (None: no events), effective events, weighted variance."""

    y: float | None
    n: float = 0.0
    var: float | None = None


@dataclass
class LevelFit:
    """Filtered, predicted and smoothed level per period (same order as the observations)."""

    r: float
    q: float
    loglik: float
    pred: list[float] = field(default_factory=list)  # a[t|t-1]
    pred_var: list[float] = field(default_factory=list)  # P[t|t-1]
    filt: list[float] = field(default_factory=list)  # a[t|t]
    filt_var: list[float] = field(default_factory=list)  # P[t|t]
    innov: list[float | None] = field(default_factory=list)  # v[t] = y[t] - a[t|t-1]
    innov_var: list[float | None] = field(default_factory=list)  # F[t]
    gain: list[float] = field(default_factory=list)  # K[t]
    smooth: list[float] = field(default_factory=list)  # a[t|all]
    smooth_var: list[float] = field(default_factory=list)
    q_from: str = "default"


def pooled_r(obs: Sequence[Obs]) -> float:
    """The spread of single events around the level, from periods with more than one event."""
    num, den = R_PRIOR * R_PRIOR_WEIGHT, R_PRIOR_WEIGHT
    for o in obs:
        if o.y is not None and o.var is not None and o.n > 1:
            num += (o.n - 1.0) * max(o.var, 0.0)
            den += o.n - 1.0
    return max(num / den, R_FLOOR)


def _filter(obs: Sequence[Obs], r: float, q: float) -> LevelFit:
    fit = LevelFit(r=r, q=q, loglik=0.0)
    a, p = 0.0, LEVEL0_SD**2
    started = False
    for t, o in enumerate(obs):
        if t > 0:
            p = p + q
        fit.pred.append(a)
        fit.pred_var.append(p)
        if o.y is None or o.n <= 0:
            fit.innov.append(None)
            fit.innov_var.append(None)
            fit.gain.append(0.0)
        elif not started:
            # diffuse start (Durbin & Koopman 2012, 5.2): the first period sets the level, with
            # the uncertainty of its own mean; no prior pulls a hostile first year toward neutral
            a, p, started = o.y, r / o.n, True
            fit.innov.append(None)
            fit.innov_var.append(None)
            fit.gain.append(1.0)
        else:
            h = r / o.n
            f = p + h
            v = o.y - a
            k = p / f
            a, p = a + k * v, (1.0 - k) * p
            fit.innov.append(v)
            fit.innov_var.append(f)
            fit.gain.append(k)
            fit.loglik += -0.5 * (math.log(2 * math.pi * f) + v * v / f)
        fit.filt.append(a)
        fit.filt_var.append(p)
    # Rauch-Tung-Striebel smoother (transition 1): a[t|T] = a[t|t] + C (a[t+1|T] - a[t+1|t])
    n = len(obs)
    fit.smooth, fit.smooth_var = list(fit.filt), list(fit.filt_var)
    for t in range(n - 2, -1, -1):
        c = fit.filt_var[t] / fit.pred_var[t + 1]
        fit.smooth[t] = fit.filt[t] + c * (fit.smooth[t + 1] - fit.pred[t + 1])
        fit.smooth_var[t] = fit.filt_var[t] + c * c * (fit.smooth_var[t + 1] - fit.pred_var[t + 1])
    return fit


def fit_level(
    obs: Sequence[Obs], *, periods_per_year: float = 1.0, r: float | None = None, q_ratio: float | None = None
) -> LevelFit:
    """Filter and smooth; ``r`` and the yearly drift ratio are estimated unless given."""
    r = pooled_r(obs) if r is None else float(r)
    per = max(float(periods_per_year), 1e-9)
    if q_ratio is not None:
        fit = _filter(obs, r, q_ratio * r / per)
        fit.q_from = "given"
        return fit
    observed = sum(1 for o in obs if o.y is not None and o.n > 0)
    if observed < ML_MIN_PERIODS:
        return _filter(obs, r, Q_RATIO * r / per)
    best = max((_filter(obs, r, g * r / per) for g in Q_GRID), key=lambda f: f.loglik)
    best.q_from = "maximum likelihood"
    return best


def interval(mean: float, var: float, z: float = 1.645) -> tuple[float, float]:
    """A central interval (90% by default) on the PLOVER scale."""
    s = math.sqrt(max(var, 0.0))
    return mean - z * s, mean + z * s
