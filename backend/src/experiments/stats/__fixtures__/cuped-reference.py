# Reference values for cuped.spec.ts: theta and the adjusted difference from the OLS fit
# y ~ 1 + arm + pre (numpy lstsq), adjusted variances from numpy moments. Run: python3 cuped-reference.py
import numpy as np, json
rng = np.random.default_rng(11)
def arm(n, lift):
    pre = rng.gamma(2.0, 50.0, n)
    y = 20 + 0.7 * pre + rng.normal(0, 40, n) + lift
    return pre, y
pa, ya = arm(300, 0); pb, yb = arm(280, 8)
X = np.column_stack([np.ones(580), np.r_[np.zeros(300), np.ones(280)], np.r_[pa, pb]])
beta = np.linalg.lstsq(X, np.r_[ya, yb], rcond=None)[0]
theta = beta[2]
def adjvar(x, y): c = np.cov(y, x, ddof=1); return c[0,0] - 2*theta*c[0,1] + theta**2*c[1,1]
st = lambda x, y: dict(n=len(y), sum=float(y.sum()), sumOfSquares=float((y*y).sum()), sumPre=float(x.sum()), sumPreSquares=float((x*x).sum()), sumCrossProducts=float((x*y).sum()))
va, vb = adjvar(pa, ya)/300, adjvar(pb, yb)/280
ua, ub = ya.var(ddof=1)/300, yb.var(ddof=1)/280
print(json.dumps(dict(control=st(pa, ya), variant=st(pb, yb), expected=dict(theta=theta, difference=beta[1], standardError=float(np.sqrt(va+vb)), varianceReduction=float(1-(va+vb)/(ua+ub))))))
