"""The few statistics a personal experiment needs, in plain Python.

Student's t distribution (for the interval and the posterior probability), Fisher's F
distribution (to check that the noise before an experiment is like the noise during it)
and the exact randomisation test over block flips. A statistics library would bring far
more than these few functions, and the core stays free of heavy dependencies; the t and F
functions are checked against published tables in tests/core/test_experiments.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 400


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS + 1):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            step = d * c
            h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    # The fraction converges fast on one side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


@lru_cache(maxsize=256)
def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p (0 < p < 1), found by bisection: exact to about 1e-12."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


def f_cdf(f: float, d1: float, d2: float) -> float:
    """P(F <= f) for Fisher's F with (d1, d2) degrees of freedom."""
    if f <= 0.0:
        return 0.0
    if math.isinf(f):
        return 1.0
    return incomplete_beta(d1 / 2.0, d2 / 2.0, d1 * f / (d1 * f + d2))


@lru_cache(maxsize=256)
def f_quantile(p: float, d1: float, d2: float) -> float:
    """The f with P(F <= f) = p (0 < p < 1), found by bisection like t_quantile."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    low, high = 0.0, 1.0
    while f_cdf(high, d1, d2) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if f_cdf(mid, d1, d2) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


def randomisation_p(differences: Sequence[float]) -> float:
    """The exact two-sided randomisation p-value of the block differences.

    Each block's order was a coin flip, so if both options worked the same, each
    difference was as likely to have come out with the opposite sign. The p-value is the
    share of all 2^k sign patterns whose total is at least as far from zero as the one
    observed (the observed pattern counts, so p > 0, and p is a multiple of 1/2^k).
    """
    if not differences:
        return 1.0
    total = math.fsum(differences)
    # Every pattern's total is total - 2 * (the sum of the flipped differences).
    sums = [0.0]
    for d in differences:
        sums += [s + d for s in sums]
    tolerance = 1e-9 * max(1.0, math.fsum(abs(d) for d in differences))
    observed = abs(total) - tolerance
    extreme = sum(1 for s in sums if abs(total - 2.0 * s) >= observed)
    return extreme / len(sums)
