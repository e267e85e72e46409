#!/usr/bin/env python3
"""scikit-learn side of backend/bench/segmentation.bench.ts.

    python3 scripts/segmentation-bench-sklearn.py <spec.json>

spec.json: {"datasets": [{"name", "path" (raw little-endian float64, row-major), "d",
"runs": [{"k", "n_init", "seed"}]}]}. Prints JSON with fit time (s), inertia and n_iter per run.
The bench sets OMP_NUM_THREADS=1 so both sides use one core.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans

spec = json.load(open(sys.argv[1]))
out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "results": []}
for ds in spec["datasets"]:
    X = np.fromfile(ds["path"], dtype="<f8").reshape(-1, ds["d"])
    for run in ds["runs"]:
        km = KMeans(n_clusters=run["k"], n_init=run["n_init"], random_state=run["seed"], algorithm="lloyd")
        t0 = time.perf_counter()
        km.fit(X)
        seconds = time.perf_counter() - t0
        out["results"].append({
            "dataset": ds["name"], "k": run["k"], "nInit": run["n_init"], "seconds": seconds,
            "inertia": float(km.inertia_), "iterations": int(km.n_iter_),
        })
json.dump(out, sys.stdout)
