#!/usr/bin/env python3
"""The scikit-learn peer of `medcode evaluate --level exact,category --analysis none` (bench/scale.sh).

usage: scale_sklearn.py NOTES_CSV CODES_CSV PREDICTIONS_TSV [RESAMPLES [SEED]]

Does the same work as that command, the way a scikit-learn user would: reads the three files (admissions are the
notes file's ids, in order), normalises codes (upper case, no dots), builds sparse label-indicator matrices at the
exact and the category (first three characters) level, computes precision, recall and F1 with average='micro',
'macro' and 'samples' (zero_division=0) at both levels, and a 95 % percentile bootstrap interval of exact micro F1
over RESAMPLES (default 1,000) resamples of admissions, from per-admission tp/fp/fn with numpy.

Prints one JSON object: the in-process wall and CPU time (from the start of reading to the last number) and every
value, so bench/scale.sh can compare them with medcode's summary.csv.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer


def main():
    notes_csv, codes_csv, predictions = sys.argv[1:4]
    resamples = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 20261127
    wall, cpu = time.perf_counter(), time.process_time()

    ids = pd.read_csv(notes_csv, usecols=["admission_id"], dtype=str)["admission_id"].drop_duplicates().tolist()
    index = {a: i for i, a in enumerate(ids)}
    codes = pd.read_csv(codes_csv, dtype=str)
    codes = codes[codes["system"] == "icd10cm"]
    pred = pd.read_csv(predictions, sep="\t", header=None, names=["admission_id", "code", "score"],
                       dtype={"admission_id": str, "code": str, "score": float})
    pred = pred[pred["admission_id"].isin(index)]

    def normalised(frame):
        return frame["code"].str.upper().str.replace(".", "", regex=False).str.strip()

    def sets(frame, codes_of):
        out = [set() for _ in ids]
        for a, c in zip(frame["admission_id"].map(index), codes_of):
            out[a].add(c)
        return out

    gold_codes = normalised(codes)
    pred_codes = normalised(pred)
    levels = {"exact": lambda s: s, "category": lambda s: s.str[:3]}
    values = {}
    y_exact = p_exact = None
    for level, key in levels.items():
        gold = sets(codes, key(gold_codes))
        predicted = sets(pred, key(pred_codes))
        mlb = MultiLabelBinarizer(sparse_output=True)
        mlb.fit(gold + predicted)
        y, p = mlb.transform(gold), mlb.transform(predicted)
        for average in ("micro", "macro", "samples"):
            precision, recall, f1, _ = precision_recall_fscore_support(y, p, average=average, zero_division=0)
            values[f"{level}.{average}"] = [float(precision), float(recall), float(f1)]
        if level == "exact":
            y_exact, p_exact = y, p

    tp = np.asarray(y_exact.multiply(p_exact).sum(axis=1)).ravel()
    fp = np.asarray(p_exact.sum(axis=1)).ravel() - tp
    fn = np.asarray(y_exact.sum(axis=1)).ravel() - tp
    rng = np.random.default_rng(seed)
    n = len(ids)
    f1s = np.empty(resamples)
    for b in range(resamples):
        draw = rng.integers(0, n, n)
        t, f, m = tp[draw].sum(), fp[draw].sum(), fn[draw].sum()
        f1s[b] = 2 * t / (2 * t + f + m) if t + f + m else 0.0
    values["exact.micro.f1.interval"] = [float(x) for x in np.percentile(f1s, [2.5, 97.5])]

    print(json.dumps({"admissions": n, "wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
                      "values": values}))


if __name__ == "__main__":
    main()
