#!/usr/bin/env python3
"""Independent reference values for the segmentation engines (backend/src/segmentation/{rfm,kmeans}).

Computes, with pandas and scikit-learn, the figures that the TypeScript specs hard-code:
RFM on the cleaned Online Retail file, pandas-qcut quintile scores, scikit-learn KMeans (lloyd)
on standardize(log1p(RFM)), silhouette and Davies-Bouldin scores, and a small synthetic case
with a fixed initialisation. Run with a Python that has numpy, pandas and scikit-learn
(Debian: apt-get install python3-sklearn python3-pandas; then /usr/bin/python3):

    /usr/bin/python3 scripts/segmentation-reference.py [path/to/online_retail.csv.gz]

Prints one JSON document. The specs do not call Python; numbers are copied into them.
"""
import json
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import davies_bouldin_score, silhouette_score

path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/online_retail.csv.gz"
out = {"sklearn": sklearn.__version__, "pandas": pd.__version__, "numpy": np.__version__}

df = pd.read_csv(path, dtype={"CustomerID": str, "InvoiceNo": str, "StockCode": str})
df = df[df["CustomerID"].notna() & (df["Quantity"] > 0) & (df["UnitPrice"] > 0)].copy()
df["CustomerID"] = df["CustomerID"].str.replace(r"\.0$", "", regex=True)
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
df["Amount"] = df["Quantity"] * df["UnitPrice"]
snapshot = df["InvoiceDate"].max() + pd.Timedelta(days=1)
rfm = df.groupby("CustomerID").agg(
    Recency=("InvoiceDate", lambda s: (snapshot - s.max()).days),
    Frequency=("InvoiceNo", "nunique"),
    Monetary=("Amount", "sum"),
)
rfm = rfm.sort_index()
out["rfm"] = {
    "cleanLines": int(len(df)),
    "customers": int(len(rfm)),
    "snapshot": str(snapshot),
    "medians": {k: float(v) for k, v in rfm.median().items()},
    "customer12347": {k: float(v) for k, v in rfm.loc["12347"].items()},
}

r = pd.qcut(rfm["Recency"], 5, labels=[5, 4, 3, 2, 1], retbins=True)
f = pd.qcut(rfm["Frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5], retbins=True)
m = pd.qcut(rfm["Monetary"], 5, labels=[1, 2, 3, 4, 5], retbins=True)
scores = pd.DataFrame({"R": r[0].astype(int), "F": f[0].astype(int), "M": m[0].astype(int)})
cells = (scores["R"].astype(str) + scores["F"].astype(str) + scores["M"].astype(str)).value_counts().sort_index()
out["quintiles"] = {
    "edges": {"recency": list(map(float, r[1])), "frequencyRank": list(map(float, f[1])), "monetary": list(map(float, m[1]))},
    "scoreCounts": {k: {str(s): int(c) for s, c in scores[k].value_counts().sort_index().items()} for k in "RFM"},
    "cellCounts": {k: int(v) for k, v in cells.items()},
    "sample": {cid: "".join(map(str, scores.loc[cid])) for cid in ["12346", "12347", "12348", "14646", "17841", "18287"]},
}

X = np.log1p(rfm[["Recency", "Frequency", "Monetary"]].to_numpy(dtype=float))
Xs = (X - X.mean(axis=0)) / X.std(axis=0)
out["scaler"] = {"mean": X.mean(axis=0).tolist(), "scale": X.std(axis=0).tolist()}
runs = []
for seed in range(5):
    km = KMeans(n_clusters=5, n_init=10, random_state=seed, algorithm="lloyd").fit(Xs)
    runs.append({
        "seed": seed,
        "inertia": float(km.inertia_),
        "silhouette": float(silhouette_score(Xs, km.labels_)),
        "daviesBouldin": float(davies_bouldin_score(Xs, km.labels_)),
        "sizes": sorted(np.bincount(km.labels_).tolist()),
    })
out["kmeansK5"] = runs

init_rows = [0, 1000, 2000, 3000, 4000]
km = KMeans(n_clusters=5, init=Xs[init_rows], n_init=1, algorithm="lloyd").fit(Xs)
out["kmeansFixedInit"] = {
    "initRows": init_rows,
    "inertia": float(km.inertia_),
    "nIter": int(km.n_iter_),
    "centers": km.cluster_centers_.tolist(),
    "sizes": np.bincount(km.labels_).tolist(),
    "silhouette": float(silhouette_score(Xs, km.labels_)),
    "daviesBouldin": float(davies_bouldin_score(Xs, km.labels_)),
}
out["kSelection"] = [
    {"k": k, "inertia": float(KMeans(n_clusters=k, n_init=10, random_state=0, algorithm="lloyd").fit(Xs).inertia_)}
    for k in range(2, 11)
]

rng = np.random.default_rng(7)
small = np.vstack([rng.normal(c, 0.6, size=(40, 2)) for c in ([0, 0], [4, 1], [1, 5])]).round(3)
kms = KMeans(n_clusters=3, init=small[[0, 1, 2]], n_init=1, algorithm="lloyd").fit(small)
out["small"] = {
    "points": small.tolist(),
    "initRows": [0, 1, 2],
    "inertia": float(kms.inertia_),
    "nIter": int(kms.n_iter_),
    "centers": kms.cluster_centers_.tolist(),
    "labels": kms.labels_.tolist(),
    "silhouette": float(silhouette_score(small, kms.labels_)),
    "daviesBouldin": float(davies_bouldin_score(small, kms.labels_)),
}
json.dump(out, sys.stdout, indent=1)
print()
