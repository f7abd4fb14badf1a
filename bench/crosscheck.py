#!/usr/bin/env python3
"""Re-scores the cases written by org.medcode.eval.CrossCheckDump with independent scorers and compares.

micro and macro-all: scikit-learn precision_recall_fscore_support (average='micro' / 'macro', zero_division=0);
macro-gold: the per-label scikit-learn values averaged over labels with gold support; per-admission: the documented
convention (both sets empty -> 1), and scikit-learn's average='samples' / jaccard_score / accuracy_score where it
applies; ranked: trec_eval definitions (AP, P_k, recall@k, R-prec), over admissions with gold. Exits 1 on any
difference above 1e-12. Needs numpy and scikit-learn (Debian: apt-get install python3-sklearn).
"""
import json
import sys
import warnings

import numpy as np
from sklearn.metrics import accuracy_score, jaccard_score, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

warnings.filterwarnings("ignore")
TOLERANCE = 1e-12
worst = {}
checked = 0


def close(name, independent, engine, where):
    global checked
    checked += 1
    diff = abs(independent - engine)
    worst[name] = max(worst.get(name, 0.0), diff)
    if diff > TOLERANCE:
        sys.exit(f"MISMATCH {name} at {where}: engine {engine!r}, independent {independent!r}")


def mean(values):
    return float(np.mean(values)) if values else 0.0


def check_level(level, ks, where):
    gold = [set(g) for g in level["gold"]]
    ranked = level["ranked"]
    pred = [set(r) for r in ranked]
    m = level["metrics"]
    labels = sorted(set().union(*gold, *pred))
    if labels:
        mlb = MultiLabelBinarizer(classes=labels)
        y, p = mlb.fit_transform(gold), mlb.transform(pred)
        for avg, prefix in (("micro", "micro"), ("macro", "macro-all")):
            pr, rc, f1, _ = precision_recall_fscore_support(y, p, average=avg, zero_division=0)
            close(f"{prefix}/precision", pr, m[f"{prefix}/precision"], where)
            close(f"{prefix}/recall", rc, m[f"{prefix}/recall"], where)
            close(f"{prefix}/f1", f1, m[f"{prefix}/f1"], where)
        supported = [i for i, label in enumerate(labels) if any(label in g for g in gold)]
        if supported:
            pr, rc, f1, _ = precision_recall_fscore_support(y, p, average=None, zero_division=0)
            close("macro-gold/precision", float(np.mean(pr[supported])), m["macro-gold/precision"], where)
            close("macro-gold/recall", float(np.mean(rc[supported])), m["macro-gold/recall"], where)
            close("macro-gold/f1", float(np.mean(f1[supported])), m["macro-gold/f1"], where)
        close("exact_match (accuracy_score)", accuracy_score(y, p), m["per-admission/exact_match"], where)
        if len(labels) > 1 and all(g or q for g, q in zip(gold, pred)):
            pr, rc, f1, _ = precision_recall_fscore_support(y, p, average="samples", zero_division=0)
            close("sklearn samples precision", pr, m["per-admission/precision"], where)
            close("sklearn samples recall", rc, m["per-admission/recall"], where)
            close("sklearn samples f1", f1, m["per-admission/f1"], where)
            close("sklearn samples jaccard", jaccard_score(y, p, average="samples", zero_division=0),
                  m["per-admission/jaccard"], where)
    rows = [(len(g & q), len(q - g), len(g - q)) for g, q in zip(gold, pred)]
    both_empty = [tp + fp + fn == 0 for tp, fp, fn in rows]
    per = {
        "precision": [1.0 if e else (tp / (tp + fp) if tp + fp else 0.0) for e, (tp, fp, fn) in zip(both_empty, rows)],
        "recall": [1.0 if e else (tp / (tp + fn) if tp + fn else 0.0) for e, (tp, fp, fn) in zip(both_empty, rows)],
        "f1": [1.0 if e else 2 * tp / (2 * tp + fp + fn) for e, (tp, fp, fn) in zip(both_empty, rows)],
        "jaccard": [1.0 if e else tp / (tp + fp + fn) for e, (tp, fp, fn) in zip(both_empty, rows)],
    }
    for name, values in per.items():
        close(f"per-admission/{name}", mean(values), m[f"per-admission/{name}"], where)
    queries = [(g, r) for g, r in zip(gold, ranked) if g]
    aps = []
    for g, r in queries:
        hits, total = 0, 0.0
        for rank, key in enumerate(r, 1):
            if key in g:
                hits += 1
                total += hits / rank
        aps.append(total / len(g))
    close("map", mean(aps), m["per-admission/map"], where)
    for k in ks:
        close(f"p@{k}", mean([sum(x in g for x in r[:k]) / k for g, r in queries]), m[f"per-admission/p@{k}"], where)
        close(f"r@{k}", mean([sum(x in g for x in r[:k]) / len(g) for g, r in queries]), m[f"per-admission/r@{k}"],
              where)
    close("r_precision", mean([sum(x in g for x in r[:len(g)]) / len(g) for g, r in queries]),
          m["per-admission/r_precision"], where)


def main(path):
    cases = json.load(open(path))
    for case in cases:
        for level in case["levels"]:
            check_level(level, case["ks"], f"seed {case['seed']} {case['policy']} {level['level']}")
    print(f"{len(cases)} cases, {checked} values agree within {TOLERANCE}")
    for name, diff in sorted(worst.items()):
        print(f"  {name:32s} max |diff| {diff:.3g}")


if __name__ == "__main__":
    main(sys.argv[1])
