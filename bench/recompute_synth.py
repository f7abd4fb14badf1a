"""Writes a seeded synthetic JSONL dataset and predictions of edge cases for checking `bench/recompute.sh` on an
`evaluate` folder: gold and predicted codes in several spellings (dotted, lower case, padded), duplicates, malformed and
not-in-table codes, headers, an ICD-10-PCS gold code, admissions without gold codes or without predictions, partly
scored predictions, and an unknown admission id.

    python3 bench/recompute_synth.py SEED DATASET.jsonl PREDICTIONS.jsonl [DATA_DIR]
    ./medcode evaluate --dataset jsonl:DATASET.jsonl --predictions PREDICTIONS.jsonl --system icd10cm --year 2018 \
        --invalid count --population all --out DIR && bench/recompute.sh DIR
"""
import json
import os
import random
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recompute import ROOT, Icd10Cm  # noqa: E402

random.seed(int(sys.argv[1]))
cs = Icd10Cm(sys.argv[4] if len(sys.argv) > 4 else os.environ.get("MEDCODE_DATA", f"{ROOT}/datasets"), 2018)
codes = sorted(cs.table); bill = [c for c in codes if cs.table[c]]; hdr = [c for c in codes if not cs.table[c]]
def dotted(c): return c if "." in c else c[:3] + "." + c[3:] if len(c) > 3 else c
def spell(c):
    if "." in c or " " in c or "=" in c: return c
    r = random.random()
    if r < 0.3: return dotted(c)
    if r < 0.5: return dotted(c).lower()
    if r < 0.6: return " " + c.lower() + " "
    return c
common = random.sample(bill, 60)
weird_pred = ["E1.19", "E119.", "0DTJ4ZZ", "99213", "R50.99X", "Z99ZZZ", "X9Z1", "U99.1", "U07.1", "QA01", "=HYPERLINK(1)", "AAAA", "E11", "E11.6", "I10"]
weird_gold = ["E11", "E11.6", "R50.99X", "U99.1", "E1.19", "X9Z1", "C4A", "I10"]
adm = []; preds = []
for n in range(300):
    i = f"A{n:04d}"; pid = f"P{n//3:03d}"
    k = random.choice([0, 0, 1, 2, 3, 5, 8, 12])
    g = [random.choice(common) if random.random() < 0.5 else random.choice(bill) for _ in range(k)]
    if random.random() < 0.15: g.append(random.choice(weird_gold))
    # siblings collapse at category
    if g and random.random() < 0.3: g.append(g[0][:3] + ("0" if g[0][3:4] != "0" else "1"))
    gc = [{"system": "icd10cm", "code": spell(c)} for c in dict.fromkeys(g)]
    if random.random() < 0.1: gc.append({"system": "icd10pcs", "code": "0DTJ4ZZ"})
    text = "x" * random.choice([0, 10, 500, 1286, 1500, 3000, 5000, 9000, random.randint(1, 12000)])
    adm.append({"id": i, "patient_id": pid, "notes": [{"type": "note", "text": text}], "codes": gc})
    if random.random() < 0.1: continue  # no predictions
    p = []
    for c in g:
        r = random.random()
        if r < 0.5: p.append(c)
        elif r < 0.65: p.append(c[:3])
        elif r < 0.8 and len(c) > 3: p.append(c[:-1] + ("0" if c[-1] != "0" else "1"))
    p += random.sample(common, random.choice([0, 1, 2, 4]))
    if random.random() < 0.3: p.append(random.choice(weird_pred))
    if p and random.random() < 0.3: p.append(p[0])  # duplicate
    if p and random.random() < 0.2: p.append(dotted(p[0]).lower())
    scored = random.random() < 0.8
    out = []
    for c in p:
        sc = round(random.choice([0.5, 0.9, random.random()]), 3)
        out.append({"code": spell(c), "score": sc} if scored else spell(c))
    preds.append({"admission_id": i, "codes": out})
preds.append({"admission_id": "NOPE", "codes": ["I10"]})
with open(sys.argv[2], "w") as f:
    for a in adm: f.write(json.dumps(a) + "\n")
with open(sys.argv[3], "w") as f:
    for p in preds: f.write(json.dumps(p) + "\n")
