#!/usr/bin/env python3
"""Writes a synthetic MIMIC-sized scoring set (seeded, Python stdlib only) for bench/scale.sh.

usage: scale_synth.py ORDER_ZIP OUT_DIR [--admissions N] [--seed S]

ORDER_ZIP is a CMS ICD-10-CM order file zip (code, billable flag, titles), e.g. the FY2026 one that
`medcode data pull icd10cm` fetches. The set has the shape of Edin et al.'s MIMIC-IV ICD-10 setting:

- N admissions (default 122,000) of about N/2.3 patients, each with one short note of invented words whose length
  is log-normal (median 400 characters, mean about 730; 20 % above 1,000, 0.3 % above 8,000, so that every
  note-length stratum is populated): the benchmark is about scoring, and bench/mimic.sh measures loading full notes;
- about 18 distinct gold diagnosis codes per admission (5 to 31), drawn from a Zipf law (s = 1) over 26,000 billable
  codes of the table, in random rank order;
- predictions of two coders, scored and ranked: coder A keeps each gold code with probability 0.60 and adds 8 codes
  drawn from the same law (1 in 50 of those a well-formed code the table does not have); coder B keeps 0.62 and adds 7.

Files: notes.csv (admission_id,patient_id,note_type,text), codes.csv (admission_id,system,code; undotted as MIMIC
writes them), pred_a.tsv and pred_b.tsv (admission<TAB>code<TAB>score, dotted as a model writes them, rank order).
"""
import argparse
import bisect
import csv
import io
import itertools
import math
import os
import random
import zipfile

CODES = 26000
ZIPF_S = 1.0


def billable_codes(order_zip):
    with zipfile.ZipFile(order_zip) as z:
        name = next(n for n in z.namelist() if "order" in n.lower() and "addenda" not in n.lower() and n.lower().endswith(".txt"))
        codes = []
        with z.open(name) as raw:
            for line in io.TextIOWrapper(raw, encoding="latin-1"):
                if len(line) > 14 and line[14] == "1":
                    codes.append(line[6:13].strip())
    return codes


def dotted(code):
    return code if len(code) <= 3 else code[:3] + "." + code[3:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("order_zip")
    ap.add_argument("out")
    ap.add_argument("--admissions", type=int, default=122000)
    ap.add_argument("--seed", type=int, default=20261205)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    table = sorted(billable_codes(args.order_zip))
    vocab = rng.sample(table, CODES)
    known = set(table)
    cum = list(itertools.accumulate(1.0 / (r + 1) ** ZIPF_S for r in range(CODES)))
    total = cum[-1]

    def draw(k, exclude):
        out = []
        seen = set(exclude)
        while len(out) < k:
            code = vocab[bisect.bisect_left(cum, rng.random() * total)]
            if code not in seen:
                seen.add(code)
                out.append(code)
        return out

    def invented():
        while True:
            code = rng.choice(vocab)[:3] + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 3)))
            if code not in known:
                return code

    words = [("".join(rng.choice("abcdefghijklmnoprstuvy") for _ in range(rng.randint(2, 10)))) for _ in range(3000)]
    corpus = " ".join(rng.choice(words) for _ in range(400000))
    os.makedirs(args.out, exist_ok=True)
    n = args.admissions
    patients = max(1, round(n / 2.3))
    with open(os.path.join(args.out, "notes.csv"), "w", newline="", encoding="utf-8") as nf, \
            open(os.path.join(args.out, "codes.csv"), "w", newline="", encoding="utf-8") as cf, \
            open(os.path.join(args.out, "pred_a.tsv"), "w", encoding="utf-8") as pa, \
            open(os.path.join(args.out, "pred_b.tsv"), "w", encoding="utf-8") as pb:
        notes = csv.writer(nf, lineterminator="\n")
        codes = csv.writer(cf, lineterminator="\n")
        notes.writerow(["admission_id", "patient_id", "note_type", "text"])
        codes.writerow(["admission_id", "system", "code"])
        for i in range(n):
            aid = "H%07d" % (i + 1)
            pid = "P%06d" % (rng.randrange(patients) + 1)
            length = min(60000, max(40, int(rng.lognormvariate(math.log(400), 1.1))))
            start = rng.randrange(len(corpus) - length - 1)
            notes.writerow([aid, pid, "discharge summary", corpus[start:start + length]])
            gold = draw(rng.randint(5, 31), ())
            for code in gold:
                codes.writerow([aid, "icd10cm", code])
            for out, keep, extra in ((pa, 0.60, 8), (pb, 0.62, 7)):
                predicted = [c for c in gold if rng.random() < keep]
                for c in draw(extra, gold):
                    predicted.append(invented() if rng.random() < 0.02 else c)
                rng.shuffle(predicted)
                scores = sorted((rng.random() for _ in predicted), reverse=True)
                out.write("".join("%s\t%s\t%.4f\n" % (aid, dotted(c), s) for c, s in zip(predicted, scores)))


if __name__ == "__main__":
    main()
