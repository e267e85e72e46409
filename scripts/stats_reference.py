#!/usr/bin/env python3
"""Reference values for the experiments statistics engine (backend/src/experiments/stats).

Computes every expected value independently of the TypeScript code with SciPy / NumPy (and mpmath
for log10 p-values that underflow double precision) and prints JSON on stdout. The output is
committed as backend/src/experiments/stats/__fixtures__/scipy-reference.json:

    python3 scripts/stats_reference.py > backend/src/experiments/stats/__fixtures__/scipy-reference.json

Sources of each value:
- Welch t-test: scipy.stats.ttest_ind_from_stats(equal_var=False) on means/SDs computed with
  two-pass NumPy from the raw samples; df by the Welch-Satterthwaite formula; CI with
  scipy.stats.t.ppf; log10 p with mpmath's regularized incomplete beta (50 digits).
- Relative lift: delta-method SE by formula; Fieller interval as the roots of the Fieller quadratic
  found with numpy.roots.
- Two proportions: p-value from scipy.stats.chi2_contingency(correction=False) (Pearson 2x2 chi-square
  equals the pooled z-test squared); Wilson intervals from scipy.stats.binomtest(...).proportion_ci
  (method='wilson'); Newcombe's hybrid score interval by formula from those.
- SRM: scipy.stats.chisquare; log10 p from mpmath's regularized upper incomplete gamma.
- Holm and Benjamini-Hochberg: statsmodels is not installed here, so both are implemented with
  NumPy below, following statsmodels.stats.multitest.multipletests ('holm', 'fdr_bh').
- Sample sizes: formulas with scipy.stats.norm.ppf.
- Chance to beat control: scipy.stats.norm / scipy.stats.beta moments; for proportions also the
  exact P(p_B > p_A) by numerical integration (scipy.integrate.quad) as a sanity bound.
- Non-inferiority: scipy.stats.t / scipy.stats.norm tails by formula.
- Sequential confidence sequences: Waudby-Smith et al. 2023 eq. 9 / gbstats, by formula with NumPy.
- Winsorization quantile: numpy.quantile (linear interpolation).
- Log tails beyond double precision (Student t, chi-square, normal): mpmath with 50 digits.
"""

import json
import math
import sys

import mpmath as mp
import numpy as np
import scipy
from scipy import integrate, stats

mp.mp.dps = 50
LN10 = math.log(10)


def suff(values):
    values = np.asarray(values, dtype=float)
    return {
        "n": int(values.size),
        "sum": float(math.fsum(values)),
        "sumOfSquares": float(math.fsum(values * values)),
    }


def log10_t_two_sided(t, df):
    t = mp.mpf(abs(t))
    df = mp.mpf(df)
    x = df / (df + t * t)
    # two-sided p = I_x(df/2, 1/2)
    return float(mp.log10(mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True)))


def log10_normal_two_sided(z):
    return float(mp.log10(2 * mp.ncdf(-abs(mp.mpf(z)))))


def fieller(a, va, b, vb, q):
    """Roots of (a^2 - q^2 va) R^2 - 2ab R + (b^2 - q^2 vb) = 0, or None when unbounded."""
    lead = a * a - q * q * va
    if lead <= 0:
        return None
    roots = np.sort(np.real(np.roots([lead, -2 * a * b, b * b - q * q * vb])))
    return [float(roots[0] - 1), float(roots[1] - 1)]


def welch_case(name, control, variant, alpha=0.05):
    control = np.asarray(control, dtype=float)
    variant = np.asarray(variant, dtype=float)
    ma, mb = float(np.mean(control)), float(np.mean(variant))
    sa, sb = float(np.std(control, ddof=1)), float(np.std(variant, ddof=1))
    na, nb = control.size, variant.size
    res = stats.ttest_ind_from_stats(mb, sb, nb, ma, sa, na, equal_var=False)
    va, vb = sa * sa / na, sb * sb / nb
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va * va / (na - 1) + vb * vb / (nb - 1))
    q = float(stats.t.ppf(1 - alpha / 2, df))
    diff = mb - ma
    lift = diff / ma
    lift_se = math.sqrt(vb / ma**2 + mb**2 * va / ma**4)
    fl = fieller(ma, va, mb, vb, q)
    p = float(res.pvalue)
    return {
        "name": name,
        "alpha": alpha,
        "control": suff(control),
        "variant": suff(variant),
        "expected": {
            "controlMean": ma,
            "variantMean": mb,
            "controlVariance": sa * sa,
            "variantVariance": sb * sb,
            "difference": diff,
            "standardError": se,
            "degreesOfFreedom": df,
            "tStatistic": float(res.statistic),
            "pValue": p if p > 1e-300 else None,
            "log10PValue": log10_t_two_sided(float(res.statistic), df),
            "ciLower": diff - q * se,
            "ciUpper": diff + q * se,
            "relativeLift": lift,
            "relativeLiftStandardError": lift_se,
            "deltaLower": lift - q * lift_se,
            "deltaUpper": lift + q * lift_se,
            "fieller": fl,
        },
    }


def proportion_case(name, control, variant, alpha=0.05):
    (xa, na), (xb, nb) = control, variant
    pa, pb = xa / na, xb / nb
    pooled = (xa + xb) / (na + nb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    z = (pb - pa) / se0
    chi2, p_chi2, _, _ = stats.chi2_contingency([[xa, na - xa], [xb, nb - xb]], correction=False)
    level = 1 - alpha
    wa = stats.binomtest(xa, na).proportion_ci(confidence_level=level, method="wilson")
    wb = stats.binomtest(xb, nb).proportion_ci(confidence_level=level, method="wilson")
    diff = pb - pa
    lower = diff - math.sqrt((pb - wb.low) ** 2 + (wa.high - pa) ** 2)
    upper = diff + math.sqrt((wb.high - pb) ** 2 + (pa - wa.low) ** 2)
    qz = float(stats.norm.ppf(1 - alpha / 2))
    va, vb = pa * (1 - pa) / na, pb * (1 - pb) / nb
    expected = {
        "difference": diff,
        "pooledStandardError": se0,
        "unpooledStandardError": math.sqrt(va + vb),
        "zStatistic": z,
        "pValue": float(p_chi2) if p_chi2 > 1e-300 else None,
        "pValueFromNormal": float(2 * stats.norm.sf(abs(z))),
        "log10PValue": log10_normal_two_sided(z),
        "controlWilson": [float(wa.low), float(wa.high)],
        "variantWilson": [float(wb.low), float(wb.high)],
        "newcombeLower": lower,
        "newcombeUpper": upper,
    }
    if pa > 0:
        lift_se = math.sqrt(vb / pa**2 + pb**2 * va / pa**4)
        expected["relativeLift"] = diff / pa
        expected["relativeLiftStandardError"] = lift_se
        expected["fieller"] = fieller(pa, va, pb, vb, qz)
    return {
        "name": name,
        "alpha": alpha,
        "control": {"n": na, "successes": xa},
        "variant": {"n": nb, "successes": xb},
        "expected": expected,
    }


def srm_case(name, exposures, weights):
    exposures = np.asarray(exposures, dtype=float)
    w = np.asarray(weights, dtype=float)
    expected = exposures.sum() * w / w.sum()
    res = stats.chisquare(exposures, expected)
    df = exposures.size - 1
    return {
        "name": name,
        "exposures": [int(x) for x in exposures],
        "weights": list(weights),
        "expected": {
            "chiSquare": float(res.statistic),
            "degreesOfFreedom": df,
            "pValue": float(res.pvalue) if res.pvalue > 1e-300 else None,
            "log10PValue": float(mp.log10(mp.gammainc(mp.mpf(df) / 2, mp.mpf(float(res.statistic)) / 2, mp.inf,
                                                      regularized=True))),
        },
    }


def holm(p):
    """statsmodels multipletests(method='holm') re-implemented with NumPy."""
    p = np.asarray(p, dtype=float)
    m = p.size
    order = np.argsort(p, kind="mergesort")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out.tolist()


def benjamini_hochberg(p):
    """statsmodels multipletests(method='fdr_bh') re-implemented with NumPy."""
    p = np.asarray(p, dtype=float)
    m = p.size
    order = np.argsort(p, kind="mergesort")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out.tolist()


def sample_size_proportions(p1, mde_type, mde, alpha, power):
    p2 = p1 * (1 + mde) if mde_type == "relative" else p1 + mde
    za = stats.norm.ppf(1 - alpha / 2)
    zb = stats.norm.ppf(power)
    pbar = (p1 + p2) / 2
    exact = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (
        p2 - p1
    ) ** 2
    return {
        "input": {
            "baselineRate": p1,
            "minimumDetectableEffect": {"type": mde_type, "value": mde},
            "alpha": alpha,
            "power": power,
        },
        "expected": {"exact": float(exact), "perVariant": int(math.ceil(exact))},
    }


def sample_size_means(mean, sd1, sd2, mde_type, mde, alpha, power):
    delta = mde * abs(mean) if mde_type == "relative" else mde
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    exact = z * z * (sd1 * sd1 + sd2 * sd2) / delta**2
    return {
        "input": {
            "baselineMean": mean,
            "standardDeviation": sd1,
            "variantStandardDeviation": sd2,
            "minimumDetectableEffect": {"type": mde_type, "value": mde},
            "alpha": alpha,
            "power": power,
        },
        "expected": {"exact": float(exact), "perVariant": int(math.ceil(exact))},
    }


def chance_means(name, control, variant):
    control = np.asarray(control, dtype=float)
    variant = np.asarray(variant, dtype=float)
    diff = float(np.mean(variant) - np.mean(control))
    sd = math.sqrt(np.var(control, ddof=1) / control.size + np.var(variant, ddof=1) / variant.size)
    return {
        "name": name,
        "control": suff(control),
        "variant": suff(variant),
        "expected": {"probabilityVariantHigher": float(stats.norm.cdf(diff / sd)), "posteriorStandardDeviation": sd},
    }


def chance_proportions(name, control, variant):
    (xa, na), (xb, nb) = control, variant
    post_a = stats.beta(1 + xa, 1 + na - xa)
    post_b = stats.beta(1 + xb, 1 + nb - xb)
    mean = post_b.mean() - post_a.mean()
    sd = math.sqrt(post_a.var() + post_b.var())
    exact, _ = integrate.quad(lambda x: post_b.pdf(x) * post_a.cdf(x), 0, 1, limit=200, points=[xa / na, xb / nb])
    return {
        "name": name,
        "control": {"n": na, "successes": xa},
        "variant": {"n": nb, "successes": xb},
        "expected": {
            "probabilityVariantHigher": float(stats.norm.cdf(mean / sd)),
            "exactProbabilityVariantHigher": float(exact),
        },
    }


def non_inferiority_means(name, control, variant, direction, margin_type, margin, alpha):
    control = np.asarray(control, dtype=float)
    variant = np.asarray(variant, dtype=float)
    s = 1.0 if direction == "lower_is_better" else -1.0
    ma, mb = np.mean(control), np.mean(variant)
    va = np.var(control, ddof=1) / control.size
    vb = np.var(variant, ddof=1) / variant.size
    if margin_type == "absolute":
        d = s * (mb - ma) - margin
        c = 1.0
    else:
        c = s + margin
        d = s * mb - c * ma
    var_a = c * c * va
    se = math.sqrt(var_a + vb)
    df = (var_a + vb) ** 2 / (vb * vb / (variant.size - 1) + var_a * var_a / (control.size - 1))
    stat = d / se
    q = stats.t.ppf(1 - alpha, df)
    return {
        "name": name,
        "kind": "mean",
        "control": suff(control),
        "variant": suff(variant),
        "options": {"direction": direction, "margin": {"type": margin_type, "value": margin}, "alpha": alpha},
        "expected": {
            "marginExcess": float(d),
            "standardError": se,
            "degreesOfFreedom": float(df),
            "statistic": float(stat),
            "pValue": float(stats.t.cdf(stat, df)),
            "worsePValue": float(stats.t.sf(stat, df)),
            "upperBound": float(d + q * se),
        },
    }


def non_inferiority_proportions(name, control, variant, direction, margin_type, margin, alpha):
    (xa, na), (xb, nb) = control, variant
    pa, pb = xa / na, xb / nb
    s = 1.0 if direction == "lower_is_better" else -1.0
    va, vb = pa * (1 - pa) / na, pb * (1 - pb) / nb
    if margin_type == "absolute":
        d = s * (pb - pa) - margin
        c = 1.0
    else:
        c = s + margin
        d = s * pb - c * pa
    se = math.sqrt(c * c * va + vb)
    stat = d / se
    return {
        "name": name,
        "kind": "proportion",
        "control": {"n": na, "successes": xa},
        "variant": {"n": nb, "successes": xb},
        "options": {"direction": direction, "margin": {"type": margin_type, "value": margin}, "alpha": alpha},
        "expected": {
            "marginExcess": d,
            "standardError": se,
            "degreesOfFreedom": None,
            "statistic": stat,
            "pValue": float(stats.norm.cdf(stat)),
            "worsePValue": float(stats.norm.sf(stat)),
            "upperBound": float(d + stats.norm.ppf(1 - alpha) * se),
        },
    }


def sequential_case(estimate, se, total_n, alpha, tuning_n):
    log_alpha = math.log(alpha)
    rho = math.sqrt((-2 * log_alpha + math.log(-2 * log_alpha + 1)) / tuning_n)
    s2 = se * se * total_n
    half = math.sqrt(s2) * math.sqrt(
        2 * (total_n * rho**2 + 1) / (total_n**2 * rho**2) * math.log(math.sqrt(total_n * rho**2 + 1) / alpha)
    )
    z = estimate / se
    log_p = 0.5 * math.log(total_n * rho**2 + 1) - z * z * total_n * rho**2 / (2 * (total_n * rho**2 + 1))
    return {
        "input": {"estimate": estimate, "standardError": se, "totalN": total_n, "alpha": alpha, "tuningN": tuning_n},
        "expected": {"rho": rho, "halfWidth": half, "pValue": min(1.0, math.exp(log_p))},
    }


def main():
    rng = np.random.default_rng(20240601)
    welch = [
        welch_case("moderate effect", rng.normal(100, 15, 50), rng.normal(108, 18, 60)),
        welch_case("unequal variances and sizes", rng.normal(10, 1, 20), rng.normal(12, 10, 200)),
        welch_case("n = 2 in both arms", [1.0, 3.0], [2.0, 7.0]),
        welch_case("n = 2 versus n = 3", [4.5, 5.5], [7.0, 9.0, 8.0]),
        welch_case("latency-like, large n", rng.lognormal(7.0, 0.3, 5000), rng.lognormal(6.95, 0.3, 5000)),
        welch_case("p about 1e-30", rng.normal(100, 10, 1000), rng.normal(105.5, 10, 1000)),
        welch_case("p far below 1e-100", rng.normal(100, 10, 1000), rng.normal(112, 10, 1000)),
        welch_case("p underflows double precision", rng.normal(100, 1, 1000), rng.normal(110, 1, 1000)),
        welch_case("zero variance in control only", [5.0] * 6, rng.normal(6, 1, 10)),
        welch_case("negative effect, alpha 0.01", rng.normal(50, 5, 40), rng.normal(47, 7, 45), alpha=0.01),
        welch_case("no difference, alpha 0.1", rng.normal(20, 4, 300), rng.normal(20, 4, 300), alpha=0.1),
        welch_case("control mean near 0: Fieller unbounded", rng.normal(0.3, 5, 20), rng.normal(1.0, 5, 20)),
        welch_case("small df t tail", rng.normal(0, 0.1, 3) + [10, 10, 10], rng.normal(0, 0.1, 3) + [20, 20, 20]),
    ]
    proportions = [
        proportion_case("48 % vs 52 %", (480, 1000), (520, 1000)),
        proportion_case("control at 0", (0, 50), (5, 50)),
        proportion_case("variant at 0", (7, 120), (0, 110)),
        proportion_case("control at 1", (50, 50), (45, 50)),
        proportion_case("variant at 1", (90, 100), (80, 80)),
        proportion_case("n = 2", (1, 2), (2, 2)),
        proportion_case("p about 1e-19", (50000, 100000), (52000, 100000)),
        proportion_case("p about 1e-44", (500000, 1000000), (510000, 1000000)),
        proportion_case("p underflows double precision", (3000000, 10000000), (3100000, 10000000)),
        proportion_case("rare conversions, alpha 0.01", (12, 4000), (25, 4100), alpha=0.01),
    ]
    srm = [
        srm_case("50/50 balanced", [5000, 5100], [0.5, 0.5]),
        srm_case("three arms", [3300, 3350, 3200], [1, 1, 1]),
        srm_case("uneven weights", [210, 290, 500], [0.2, 0.3, 0.5]),
        srm_case("broken 50/50, p about 1e-41", [10000, 12000], [0.5, 0.5]),
        srm_case("broken, p far below 1e-300", [500000, 560000], [0.5, 0.5]),
        srm_case("weights as percentages", [8, 9, 30], [25, 25, 50]),
    ]
    multiple = []
    for name, p in [
        ("three variants", [0.01, 0.04, 0.03]),
        ("five with ties", [0.001, 0.02, 0.5, 0.02, 0.03]),
        ("one significant", [0.0001, 0.6, 0.9]),
        ("tiny p-values", [1e-40, 1e-12, 0.049]),
        ("single", [0.2]),
        ("unsorted eight", [0.8, 0.01, 0.005, 0.2, 0.04, 0.045, 0.3, 0.0009]),
    ]:
        multiple.append({"name": name, "pValues": p, "holm": holm(p), "benjaminiHochberg": benjamini_hochberg(p)})
    sample_size = {
        "proportions": [
            sample_size_proportions(0.10, "relative", 0.10, 0.05, 0.8),
            sample_size_proportions(0.50, "absolute", 0.02, 0.05, 0.8),
            sample_size_proportions(0.90, "absolute", -0.05, 0.01, 0.9),
            sample_size_proportions(0.03, "relative", 0.2, 0.1, 0.8),
        ],
        "means": [
            sample_size_means(1000.0, 300.0, 300.0, "relative", 0.10, 0.05, 0.8),
            sample_size_means(4.2, 1.1, 1.3, "absolute", 0.1, 0.05, 0.9),
            sample_size_means(0.012, 0.004, 0.005, "relative", 0.05, 0.01, 0.8),
        ],
    }
    chance = {
        "means": [
            chance_means("variant higher", rng.normal(10, 2, 100), rng.normal(10.5, 2, 100)),
            chance_means("variant lower", rng.normal(10, 2, 400), rng.normal(9.9, 3, 300)),
        ],
        "proportions": [
            chance_proportions("100 vs 120 of 1000", (100, 1000), (120, 1000)),
            chance_proportions("0 vs 3 of 40", (0, 40), (3, 40)),
            chance_proportions("equal", (300, 600), (300, 600)),
        ],
    }
    ni = [
        non_inferiority_means(
            "latency, 5 % relative margin",
            rng.lognormal(7.0, 0.3, 800),
            rng.lognormal(7.01, 0.3, 800),
            "lower_is_better",
            "relative",
            0.05,
            0.05,
        ),
        non_inferiority_means(
            "cost, absolute margin 0.0002 USD",
            rng.normal(0.004, 0.001, 500),
            rng.normal(0.0045, 0.001, 500),
            "lower_is_better",
            "absolute",
            0.0002,
            0.05,
        ),
        non_inferiority_means(
            "rating, higher is better, relative 2 %",
            rng.normal(4.1, 0.9, 300),
            rng.normal(4.05, 0.9, 320),
            "higher_is_better",
            "relative",
            0.02,
            0.05,
        ),
        non_inferiority_proportions(
            "success rate, absolute 1 pp", (9700, 10000), (9690, 10000), "higher_is_better", "absolute", 0.01, 0.05
        ),
        non_inferiority_proportions(
            "error rate, relative 10 %", (300, 10000), (420, 10000), "lower_is_better", "relative", 0.10, 0.05
        ),
    ]
    sequential = [
        sequential_case(1.5, 0.8, 400, 0.05, 5000),
        sequential_case(-0.02, 0.004, 5000, 0.05, 5000),
        sequential_case(0.3, 0.2, 20000, 0.01, 2000),
        sequential_case(0.0, 1.0, 100, 0.05, 5000),
    ]
    winsor_values = rng.lognormal(7, 1, 501)
    winsor = {
        "values": winsor_values.tolist(),
        "quantiles": [
            {"quantile": q, "expected": float(np.quantile(winsor_values, q))} for q in (0.5, 0.95, 0.99, 0.999, 1.0)
        ],
    }
    log_tails = {
        "studentT": [
            {"t": t, "degreesOfFreedom": df, "log10LowerTail": float(mp.log10(
                mp.betainc(mp.mpf(df) / 2, mp.mpf(1) / 2, 0, mp.mpf(df) / (mp.mpf(df) + mp.mpf(t) ** 2),
                           regularized=True) / 2))}
            for t, df in [(1e10, 40), (300, 150.7), (1e20, 3.5), (5000, 250), (12, 3.7), (40, 50)]
        ],
        "chiSquare": [
            {"x": x, "degreesOfFreedom": k, "log10Survival": float(mp.log10(
                mp.gammainc(mp.mpf(k) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)))}
            for x, k in [(2000, 2), (1900, 4), (1500, 1), (50, 3)]
        ],
        "normal": [
            {"x": x, "log10LowerTail": float(mp.log10(mp.ncdf(-mp.mpf(x))))} for x in (3, 20, 37, 38, 50, 200)
        ],
    }
    out = {
        "generatedBy": "scripts/stats_reference.py",
        "versions": {"python": sys.version.split()[0], "scipy": scipy.__version__, "numpy": np.__version__,
                     "mpmath": mp.__version__},
        "welch": welch,
        "twoProportion": proportions,
        "sampleRatioMismatch": srm,
        "multipleTesting": multiple,
        "sampleSize": sample_size,
        "chanceToBeatControl": chance,
        "nonInferiority": ni,
        "sequential": sequential,
        "winsorization": winsor,
        "logTails": log_tails,
    }
    json.dump(out, sys.stdout, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
