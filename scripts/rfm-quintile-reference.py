#!/usr/bin/env python3
"""pandas reference for the small RFM scoring case in backend/src/segmentation/rfm/rfm-scores.spec.ts.

    /usr/bin/python3 scripts/rfm-quintile-reference.py
"""
import json

import numpy as np
import pandas as pd

rows = [
    ("C10", 5, 3, 120.5), ("C02", 40, 1, 15.0), ("C07", 5, 1, 80.0), ("C01", 200, 1, 15.0),
    ("C11", 13, 2, 300.0), ("C03", 90, 2, 42.0), ("C09", 1, 7, 999.99), ("C05", 33, 1, 60.0),
    ("C12", 61, 4, 250.0), ("C04", 18, 1, 10.0), ("C08", 7, 2, 75.25), ("C06", 365, 1, 5.0),
]
df = pd.DataFrame(rows, columns=["id", "R", "F", "M"]).set_index("id").sort_index()
r, re = pd.qcut(df["R"], 5, labels=[5, 4, 3, 2, 1], retbins=True)
f, fe = pd.qcut(df["F"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5], retbins=True)
m, me = pd.qcut(df["M"], 5, labels=[1, 2, 3, 4, 5], retbins=True)
cells = {i: f"{r[i]}{f[i]}{m[i]}" for i in df.index}
print(json.dumps({"cells": cells, "edges": {"recency": re.tolist(), "frequencyRank": fe.tolist(), "monetary": me.tolist()},
                  "quantile": np.quantile([1, 2, 2, 3, 10], [0.1, 0.25, 0.5, 0.75, 0.9]).tolist()}, indent=1))
