"""Recomputes the numbers of a medcode run folder from the dataset files, the predictions it logged and the code
tables, with the definitions of README.md (Metrics, Output files, Analyses) and nothing of medcode's Java code.

    bench/recompute.sh RUN_DIR [--data-dir DIR] [--code-table FILE] [--intervals N] [--strata-intervals N]
                       [--interval-tolerance T]
    bench/recompute.sh COMPARE_DIR --a CODER_A_DIR --b CODER_B_DIR [--data-dir DIR] [--intervals N [--permutations R]]
    bench/recompute.sh GATE_DIR [--run RUN_DIR] [--baseline PATH] [--data-dir DIR] [--intervals N [--permutations R]]

RUN_DIR: a folder of `medcode run` (every coder's subfolder is checked), one coder's subfolder, or a folder of
`medcode evaluate`. Checks per coder: per_admission.csv, per_code.csv, summary.csv (and the run's summary.csv rows of
the coder), strata.csv (counts, tp/fp/fn and point values), errors.csv, confusions.csv, coverage.csv,
coverage_targets.csv and suggestions.csv. Point values must agree within 1e-9, counts exactly. With --intervals N the
intervals of summary.csv (macro ones too, of a run with --macro-intervals) are compared with an own percentile
bootstrap of N resamples (other random draws than medcode's, so they agree within a Monte-Carlo tolerance only: see
--interval-tolerance); with --strata-intervals N those of strata.csv (each admission stratum resampling its own
admissions, each code stratum all of them; about 10 s per coder of CodiEsp dev at 2,000). A compare folder: comparison.csv's a, b, difference and
admissions, changed_admissions.csv and changed_codes.csv, from the two coders' folders it compared; with --intervals N
also its paired intervals (micro and per-admission P/R/F1, Jaccard, exact match) against an own paired bootstrap of N
resamples (patients with --group-by-patient runs) and its p-values against an own approximate randomisation of R rounds
(default 10,000), within 4 Monte-Carlo standard errors of the two estimates together.
A gate folder (gate.json; the run and baseline it names, or --run / --baseline): per coder its completeness, each
rule's parse, value (a .delta against the baseline: a run folder recomputed, a baseline file's values checked against
its own per-admission counts, or a metrics.json's), interval (this run's from summary.csv, minus the baseline's point
value where medcode says so; paired ones, and their p-values, with --intervals as for compare), verdict (from medcode's
own value and interval), the regressed codes and admissions, and the gate's rule counts, verdict and exit code.
Datasets: codiesp:, jsonl:, csv:, mimic-iv:DIR?OPTIONS (icd, codes, ids, split, icu, note, notes, min_chars,
max_chars, sample, seed, map=icd10) and code-query:SYSTEM?table=FILE[&sample=N&seed=S]. Code tables: ICD-10-CM and
ICD-10-PCS CMS order files of a year, ICD-9-CM diagnoses and procedures (CMS v32, levels category and chapter), a
MIMIC-IV dataset's own dictionary (codeSystem.dictionary: dataset), and CPT and HCPCS with a table of one's own
(codeSystem.table) or none (format only: status unchecked). Not: an ICD table of one's own, code-query's codes= and
weights=.
Exit 0: all agree; 1: a disagreement; 2: usage error. RECOMPUTE_SHOW=N prints the first N disagreements (10).
"""
import argparse
import csv
import gzip
import json
import math
import os
import re
import sys
import zipfile
from collections import OrderedDict, defaultdict
from xml.etree import ElementTree

import numpy as np

TOL = 1e-9
LEVELS = ["exact", "category", "block", "chapter"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class UsageError(Exception):
    pass


# ---------------------------------------------------------------- code tables (README "Code systems")

def load_order(data, system, year):
    if system == "icd10cm":
        path = f"{data}/icd10cm-cms/icd10cm_fy{year}_code_descriptions_tabular_order.zip"
        pattern = r"icd10cm_order_\d{4}\.txt$"
    else:
        path = f"{data}/icd10pcs-cms/icd10pcs_fy{year}_order_file.zip"
        pattern = r"icd10pcs_order_\d{4}\.txt$"
    if not os.path.exists(path):
        raise UsageError(f"no code table {path} (give --data-dir)")
    z = zipfile.ZipFile(path)
    name = [n for n in z.namelist() if re.search(pattern, n)][0]
    table = {}
    for line in z.read(name).decode("latin-1").splitlines():
        table[line[6:13].strip()] = line[14] == "1"   # code -> billable
    return table


def is_category(k):
    if len(k) != 3 or not ("A" <= k[0] <= "Z"):
        return False
    if k[1].isdigit():
        return k[2].isdigit() or "A" <= k[2] <= "Z"
    return "A" <= k[1] <= "Z" and k[2].isdigit()


CHAPTER_RANGE = re.compile(r"\(([A-Z][0-9A-Z]{2})-([A-Z][0-9A-Z]{2})\)\s*$")


class Icd10Cm:
    levels = LEVELS

    def __init__(self, data, year, codes=None):
        if codes is not None:   # a dataset's own dictionary: the April 2026 hierarchy, its ranges as they are
            self.table = listed_table(codes, self.wellformed, placeholder_x=True)
            self._april_2026(data, cut_ranges=False)
            return
        self.table = load_order(data, "icd10cm", year)
        if int(year) <= 2021:
            self._tabular_2021(data)
        else:
            self._april_2026(data)

    def _tabular_2021(self, data):
        """Blocks and chapters of the FY2021 CDC tabular list (README: for FY2016-FY2021)."""
        root = ElementTree.parse(gzip.open(f"{data}/icd10cm-hierarchy/icd10cm_tabular_2021.xml.gz")).getroot()
        self.cat, self.blocks, self.chapters = {}, [], []
        for ch in root.iter("chapter"):
            number = ch.find("name").text.strip()
            m = CHAPTER_RANGE.search(ch.find("desc").text)
            self.chapters.append((m.group(1), m.group(2), number))
            for sec in ch.findall("section"):
                sid = sec.get("id")
                lo, hi = sid.split("-") if "-" in sid else (sid, sid)
                self.blocks.append((lo, hi, sid, number))
                for d in sec.findall("diag"):
                    self.cat[d.find("name").text.strip()] = (sid, number)

    def _april_2026(self, data, cut_ranges=True):
        """The April 1, 2026 CSVs, a range ending at a category of a later year cut to the table's last category."""
        h = f"{data}/icd10cm-hierarchy"

        def rows(name):
            with open(f"{h}/icd10cm-{name}-April-1-2026.csv", encoding="utf-8-sig", newline="") as f:
                return list(csv.reader(f))[1:]
        cats, secs, chs = rows("categories"), rows("sections"), rows("chapters")
        with open(f"{h}/icd10cm-sections-April-1-2026.csv", encoding="utf-8-sig", newline="") as f:
            sec_header = next(csv.reader(f))
        with open(f"{h}/icd10cm-categories-April-1-2026.csv", encoding="utf-8-sig", newline="") as f:
            cat_header = next(csv.reader(f))
        table_cats = sorted(set(c[:3] for c in self.table))
        all_cats = set(r[0] for r in cats)

        def cut(rng):
            lo, hi = rng.split("-") if "-" in rng else (rng, rng)
            inside = [c for c in table_cats if lo <= c <= hi]
            return f"{lo}-{max(inside)}" if cut_ranges and hi in all_cats and hi not in table_cats and inside else rng
        si, sc = sec_header.index("section_range"), sec_header.index("chapter")
        self.blocks = [(r[si].split("-")[0], r[si].split("-")[-1], cut(r[si]), r[sc]) for r in secs]
        ci, cc = cat_header.index("section"), cat_header.index("chapter")
        self.cat = {r[0]: (cut(r[ci]), r[cc]) for r in cats}
        self.chapters = []
        for r in chs:
            m = CHAPTER_RANGE.search(r[-1])
            self.chapters.append((m.group(1), m.group(2), r[0]))

    @staticmethod
    def canon(raw):
        s = raw.strip().upper()
        if "." in s and s.index(".") == 3 and s.count(".") == 1:
            return s.replace(".", "")
        return s   # a dot elsewhere: malformed, scored as written

    @staticmethod
    def wellformed(c):
        return 3 <= len(c) <= 7 and is_category(c[:3]) and all(ch.isdigit() or "A" <= ch <= "Z" for ch in c[3:])

    def status(self, c):
        if c in self.table:
            return "billable" if self.table[c] else "header"
        return "not_in_table" if self.wellformed(c) else "malformed"

    def block(self, k):
        """a category's block; one not in the hierarchy (a dictionary's code of a category the April 2026 files lack):
        the one innermost block (no other block within its range) whose range holds it, if exactly one does (the
        April 2026 sections nest: M00-M25 holds M00-M02 and M04, so M03 has none)"""
        if k in self.cat:
            return self.cat[k][0]
        if not hasattr(self, "_innermost"):
            self._innermost = [b for b in self.blocks if not any(o is not b and b[0] <= o[0] and o[1] <= b[1]
                                                                 and (o[0], o[1]) != (b[0], b[1]) for o in self.blocks)]
        m = [b[2] for b in self._innermost if b[0] <= k <= b[1]]
        return m[0] if len(m) == 1 else None

    def chapter(self, k):
        if k in self.cat:
            return self.cat[k][1]
        b = self.block(k)
        if b:
            return [x[3] for x in self.blocks if x[2] == b][0]
        m = [c[2] for c in self.chapters if c[0] <= k <= ("QA0" if c[2] == "17" else c[1])]
        return m[0] if m else None

    def ancestor(self, c, level):
        if level == "exact":
            return c
        if len(c) < 3 or not is_category(c[:3]):
            return None
        k = c[:3]
        return {"category": lambda: k, "block": lambda: self.block(k), "chapter": lambda: self.chapter(k)}[level]()


class Icd10Pcs:
    levels = LEVELS

    def __init__(self, data, year, codes=None):
        self.table = load_order(data, "icd10pcs", year) if codes is None else listed_table(codes, self.wellformed)

    @staticmethod
    def canon(raw):
        return raw.strip().upper()

    @staticmethod
    def wellformed(c):
        """7 characters, or 3 (a root operation: the order file's header rows), of 0-9 and A-Z less I and O"""
        return len(c) in (3, 7) and all(ch.isdigit() or ("A" <= ch <= "Z" and ch not in "IO") for ch in c)

    def status(self, c):
        if c in self.table:
            return "billable" if self.table[c] else "header"
        return "not_in_table" if self.wellformed(c) else "malformed"

    @staticmethod
    def ancestor(c, level):
        if level == "exact":
            return c
        n = {"category": 3, "block": 2, "chapter": 1}[level]
        return c[:n] if len(c) >= n else None


def listed_table(codes, wellformed, placeholder_x=False):
    """A table of listed codes (README "Code systems": ICD-9 tables list only leaves, every well-formed proper
    prefix is a header; a dataset's own dictionary: a listed code that prefixes another listed one is a header too,
    and in ICD-10-CM a prefix ending in the placeholder X is no header)."""
    prefixes = set(c[:n] for c in codes for n in range(1, len(c)))
    table = {c: c not in prefixes for c in codes}
    for p in prefixes:
        if p not in table and wellformed(p) and not (placeholder_x and p.endswith("X")):
            table[p] = False
    return table


def mimic_dictionary(base, spec, system):
    """(codes of the system in the MIMIC release's d_icd_diagnoses / d_icd_procedures)"""
    folder = mimic_folder(spec, base)
    stem = "d_icd_diagnoses" if system in ("icd9cm", "icd10cm") else "d_icd_procedures"
    version = "9" if system.startswith("icd9") else "10"
    return [r["icd_code"].strip().upper() for r in mimic_rows(f"{folder}/hosp", stem) if r["icd_version"] == version]


def canon_dot(raw, position):
    """README "Code systems": upper case, dots and surrounding white space removed; a dot where the system writes
    none makes the code malformed, scored as written."""
    s = raw.strip().upper()
    if "." in s and s.count(".") == 1 and s.index(".") == position(s):
        return s.replace(".", "")
    return s


ICD9CM_CHAPTERS = [("001", "139"), ("140", "239"), ("240", "279"), ("280", "289"), ("290", "319"), ("320", "389"),
                   ("390", "459"), ("460", "519"), ("520", "579"), ("580", "629"), ("630", "679"), ("680", "709"),
                   ("710", "739"), ("740", "759"), ("760", "779"), ("780", "799"), ("800", "999"), ("V01", "V91"),
                   ("E000", "E999")]
ICD9PCS_CHAPTERS = [("00", "00"), ("01", "05"), ("06", "07"), ("08", "16"), ("17", "17"), ("18", "20"), ("21", "29"),
                    ("30", "34"), ("35", "39"), ("40", "41"), ("42", "54"), ("55", "59"), ("60", "64"), ("65", "71"),
                    ("72", "75"), ("76", "84"), ("85", "86"), ("87", "99")]


def range_key(ranges, k):
    m = [f"{lo}-{hi}" if lo != hi else lo for lo, hi in ranges if len(lo) == len(k) and lo <= k <= hi]
    return m[0] if m else None


def cms32_codes(data, name):
    """The codes of a CMS v32 ICD-9-CM long-description file of the data folder (first word of each line)."""
    path = f"{data}/icd9cm-cms/{name}"
    if not os.path.exists(path):
        raise UsageError(f"no code table {path} (give --data-dir)")
    return [line.split(" ")[0].strip().upper() for line in open(path, encoding="cp1252", errors="replace")
            if line.strip()]


class Icd9Cm:
    """ICD-9-CM diagnoses (README "Code systems"): category 3 digits, V + 2, E + 3; chapters by range; no block."""
    levels = ["exact", "category", "chapter"]

    table_file = "CMS32_DESC_LONG_DX.txt"

    def __init__(self, data, year, codes=None):
        self.table = listed_table(cms32_codes(data, self.table_file) if codes is None else codes, self.wellformed)

    @staticmethod
    def category_length(c):
        return 4 if c.startswith("E") else 3

    @classmethod
    def is_category(cls, k):
        if not k or len(k) != cls.category_length(k):
            return False
        return (k[1:] if k[0] in "VE" else k).isdigit()

    @classmethod
    def canon(cls, raw):
        return canon_dot(raw, cls.category_length)

    @classmethod
    def wellformed(cls, c):
        n = cls.category_length(c)
        return n <= len(c) <= 5 and cls.is_category(c[:n]) and (c[n:].isdigit() or c[n:] == "") and c[n:].isascii()

    def status(self, c):
        if c in self.table:
            return "billable" if self.table[c] else "header"
        return "not_in_table" if self.wellformed(c) else "malformed"

    def ancestor(self, c, level):
        if level == "exact":
            return c
        n = self.category_length(c)
        if len(c) < n or not self.is_category(c[:n]):
            return None
        return c[:n] if level == "category" else range_key(ICD9CM_CHAPTERS, c[:n]) if level == "chapter" else None


class Icd9Pcs(Icd9Cm):
    """ICD-9-CM procedures: 2 to 4 digits, dot after the 2nd; category the first 2 digits; 18 chapters by range."""

    table_file = "CMS32_DESC_LONG_SG.txt"

    @staticmethod
    def canon(raw):
        return canon_dot(raw, lambda s: 2)

    @staticmethod
    def wellformed(c):
        return 2 <= len(c) <= 4 and c.isdigit() and c.isascii()

    def ancestor(self, c, level):
        if level == "exact":
            return c
        if len(c) < 2 or not (c[:2].isdigit() and c[:2].isascii()):
            return None
        return c[:2] if level == "category" else range_key(ICD9PCS_CHAPTERS, c[:2]) if level == "chapter" else None


CPT_SECTIONS = [("00100", "01999"), ("10004", "69990"), ("70010", "79999"), ("80047", "89398"), ("90281", "99199"),
                ("99201", "99499"), ("99500", "99607"), ("0001F", "9999F"), ("0001T", "9999T"), ("0001U", "9999U"),
                ("0001M", "9999M")]


class Cpt:
    """CPT (README "Code systems"): 4 digits and a digit, F, T, U or M; one level, the section range (its kind's); only
    format-checked (status unchecked) without a table of one's own; dots are not checked, only removed"""
    levels = ["exact", "category"]

    def __init__(self, data, year, codes=None, table=None):
        self.table = table

    @staticmethod
    def canon(raw):
        return raw.strip().upper().replace(".", "")

    @staticmethod
    def wellformed(c):
        return len(c) == 5 and c[:4].isdigit() and c.isascii() and (c[4].isdigit() or c[4] in "FTUM")

    def status(self, c):
        if self.table is not None and c in self.table:
            return "billable" if self.table[c] else "header"
        if not self.wellformed(c):
            return "malformed"
        return "not_in_table" if self.table is not None else "unchecked"

    def ancestor(self, c, level):
        if level == "exact":
            return c
        if level != "category" or not self.wellformed(c):
            return None
        for lo, hi in CPT_SECTIONS:
            same_kind = lo[4] == c[4] or (lo[4].isdigit() and c[4].isdigit())
            if same_kind and lo <= c <= hi:
                return f"{lo}-{hi}"
        return None


class Hcpcs(Cpt):
    """HCPCS Level II: a letter A-V and 4 digits; one level, the section: the first letter (A-V)"""

    @staticmethod
    def wellformed(c):
        return len(c) == 5 and "A" <= c[0] <= "V" and c[1:].isdigit() and c.isascii()

    def ancestor(self, c, level):
        if level == "exact":
            return c
        return c[0] if level == "category" and c and "A" <= c[0] <= "V" else None


SYSTEMS = {"icd10cm": Icd10Cm, "icd10pcs": Icd10Pcs, "icd9cm": Icd9Cm, "icd9pcs": Icd9Pcs, "cpt": Cpt,
           "hcpcs": Hcpcs}


# ---------------------------------------------------------------- datasets (datasets/README.md)

class Dataset:
    def __init__(self):
        self.ids, self.notes, self.gold, self.patient = [], {}, defaultdict(list), {}


def system_key(s):
    return s.lower().replace("-", "").replace("_", "")


def load_dataset(spec, data, base, system):
    ds = Dataset()

    def path(p):
        for d in (base, os.getcwd(), ROOT):
            if d and os.path.exists(os.path.join(d, p)):
                return os.path.join(d, p)
        raise UsageError(f"dataset file {p} not found (relative to {base or os.getcwd()})")
    if spec.startswith("codiesp:"):
        _, split, lang, kind = spec.split(":")[:4]
        cs = f"{data}/codiesp/final_dataset_v4_to_publish/{split}"
        folder = f"{cs}/text_files" + ("_en" if lang == "en" else "")
        if not os.path.isdir(folder):
            raise UsageError(f"no CodiEsp folder {folder} (give --data-dir)")
        ds.ids = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".txt"))
        for i in ds.ids:
            with open(f"{folder}/{i}.txt", encoding="utf-8") as f:
                ds.notes[i] = f.read()
            ds.patient[i] = i
        for task in kind:   # D, P or DP (datasets/README.md): the gold file of the scored system only
            if {"D": "icd10cm", "P": "icd10pcs"}.get(task) != system:
                continue
            with open(f"{cs}/{split}{task}.tsv", encoding="utf-8") as f:
                for line in f:
                    p = line.rstrip("\n").split("\t")
                    if len(p) >= 2 and p[1]:
                        ds.gold[p[0]].append(p[1])
    elif spec.startswith("jsonl:") or spec.endswith(".jsonl"):
        with open(path(spec[6:] if spec.startswith("jsonl:") else spec), encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                o = json.loads(line)
                i = str(o["id"])
                ds.ids.append(i)
                ds.notes[i] = "\n".join(n["text"] for n in o["notes"])
                ds.patient[i] = str(o.get("patient_id") or i)
                ds.gold[i] += [c["code"] for c in o["codes"] if system_key(c["system"]) == system]
    elif spec.startswith("csv:"):
        notes_path, codes_path = spec[4:].split(",")
        texts = OrderedDict()
        with open(path(notes_path), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                i = r["admission_id"]
                texts.setdefault(i, []).append(r["text"])
                ds.patient[i] = r.get("patient_id") or i
        ds.ids = list(texts)
        ds.notes = {i: "\n".join(t) for i, t in texts.items()}
        with open(path(codes_path), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                if system_key(r["system"]) == system:
                    ds.gold[r["admission_id"]].append(r["code"])
    elif spec.startswith("mimic-iv:"):
        load_mimic_iv(ds, spec, base, system)
    elif spec.startswith("code-query:"):
        load_code_query(ds, spec, base, system)
    else:
        raise UsageError(f"dataset spec {spec!r} not supported (codiesp:SPLIT:LANG:TASK, jsonl:PATH, csv:NOTES,CODES, "
                         f"mimic-iv:DIR?OPTIONS)")
    return ds


def mimic_options(spec):
    body = spec[len("mimic-iv:"):]
    folder, _, query = body.partition("?")
    options = {}
    for pair in filter(None, query.split("&")):
        k, _, v = pair.partition("=")
        options[k.lower()] = v
    return os.path.expandvars(folder), options


def mimic_folder(spec, base):
    folder = mimic_options(spec)[0]
    for d in ([] if os.path.isabs(folder) else [base, os.getcwd(), ROOT]) + [""]:
        p = os.path.join(d or "", folder)
        if os.path.isdir(os.path.join(p, "hosp")):
            return p
    raise UsageError(f"MIMIC-IV folder {folder} not found (relative to {base or os.getcwd()})")


def mimic_rows(folder, stem):
    for name in (f"{folder}/{stem}.csv.gz", f"{folder}/{stem}.csv"):
        if os.path.exists(name):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(name, "rt", encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    yield {k.lower(): v for k, v in r.items()}
            return
    raise UsageError(f"no MIMIC table {folder}/{stem}.csv(.gz)")


def read_user_table(path, descriptions=None):
    """README "Code systems": CSV code,description[,billable] (empty billable: billable) -> {canonical code: billable}
    (and each code's description into the dict descriptions)"""
    table = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            b = (r.get("billable") or "").strip().lower()
            code = r["code"].strip().upper().replace(".", "")
            table[code] = b in ("", "true", "yes", "1")
            if descriptions is not None:
                descriptions[code] = r["description"]
    return table


def load_code_query(ds, spec, base, system):
    """datasets/README.md "Code-query datasets", tables of one's own (table=) without codes= or weights=: every
    billable code of the table, the sample the N codes with the smallest first 8 bytes of SHA-256("SEED:CODE"), in
    code order; an admission's id and only gold code is the code"""
    import hashlib
    body = spec[len("code-query:"):]
    name, _, query = body.partition("?")
    o = dict(pair.partition("=")[::2] for pair in filter(None, query.split("&")))
    if set(o) - {"table", "sample", "seed"} or "table" not in o:
        raise UsageError(f"{spec}: only code-query specs with table= (and sample, seed) are supported here")
    path = o["table"] if os.path.isabs(o["table"]) else os.path.join(base or os.getcwd(), o["table"])
    titles = {}
    codes = sorted(c for c, billable in read_user_table(path, titles).items() if billable)
    if "sample" in o:
        key = lambda c: int.from_bytes(hashlib.sha256(f"{o.get('seed', '0')}:{c}".encode()).digest()[:8], "big")
        codes = sorted(sorted(codes, key=key)[:int(o["sample"])])
    for c in codes:
        ds.ids.append(c)
        ds.patient[c] = c
        ds.notes[c] = titles[c]   # its one note: the code's long title (a table's description)
        if system_key(name) == system:
            ds.gold[c].append(c)


def load_mimic_iv(ds, spec, base, system):
    """datasets/README.md "MIMIC": admissions -> coded -> icd -> ids -> icu -> notes -> note length -> sample; the
    hadm_ids ascending, the patient the subject_id, gold codes diagnoses first then procedures, each by seq_num."""
    import hashlib
    folder = mimic_folder(spec, base)
    _, o = mimic_options(spec)
    unsupported = set(o) - {"icd", "codes", "ids", "split", "icu", "note", "notes", "min_chars", "max_chars", "sample",
                            "seed", "map"}
    mapping = o.get("map", "none")
    if unsupported or mapping not in ("none", "icd10"):
        raise UsageError(f"{spec}: options {sorted(unsupported) or ['map=' + mapping]} not supported here")
    icd, which = o.get("icd", "both"), o.get("codes", "both")
    subject = {r["hadm_id"]: r["subject_id"] for r in mimic_rows(f"{folder}/hosp", "admissions")}
    codes = defaultdict(list)   # hadm -> [(kind order, seq, system, code)]
    tables = [("diagnoses_icd", 0, "cm"), ("procedures_icd", 1, "pcs")]
    for stem, order, suffix in tables:
        if which not in ("both", "diagnoses" if order == 0 else "procedures"):
            continue
        for r in mimic_rows(f"{folder}/hosp", stem):
            codes[r["hadm_id"]].append((order, int(r["seq_num"]), f"icd{r['icd_version']}{suffix}",
                                        r["icd_code"].strip().upper()))
    keep = [h for h in subject if codes.get(h)]
    if icd != "both":
        keep = [h for h in keep if any(c[2].startswith(f"icd{icd}") for c in codes[h])]
        codes = {h: [c for c in codes[h] if c[2].startswith(f"icd{icd}")] for h in keep}
    if mapping == "icd10":   # datasets/README.md "map=icd10": ICD-9 codes through the 2018 GEMs
        gem = defaultdict(list)
        data_root = os.environ.get("MEDCODE_DATA") or f"{ROOT}/datasets"
        if which != "procedures":
            with open(f"{data_root}/gems/2018_I9gem.txt", encoding="ascii") as f:
                for line in f:
                    source, target, flags = line.split()
                    gem[source].append((target, flags))
        pgem = defaultdict(list)   # procedures: the derived table, both directions and several years merged
        if which != "diagnoses":
            with gzip.open(f"{data_root}/gems/icd9pcs_to_icd10pcs_2018_ethos.csv.gz", "rt", encoding="ascii") as f:
                for r in csv.DictReader(f):
                    pgem[r["icd_9"]].append((r["icd_10"], r["flags"], int(r["year"])))
            for source, rows in pgem.items():   # the newest year's rows, each once, in code order
                newest = max(r[2] for r in rows)
                kept = []
                for r in rows:
                    if r[2] == newest and r not in kept:
                        kept.append(r)
                rows = sorted(kept, key=lambda r: r[0])
                if any(r[1][1] == "1" for r in rows):
                    pgem[source] = []   # no map: dropped
                elif any(r[1][2] == "1" for r in rows):   # combination: the lowest scenario, each choice list's first
                    combination = [x for x in rows if x[1][2] == "1"]
                    lowest = min(x[1][3] for x in combination)
                    first = {}
                    for target, flags, _ in combination:
                        if flags[3] == lowest:
                            first.setdefault(flags[4], target)
                    pgem[source] = [first[k] for k in sorted(first)]
                else:
                    pgem[source] = [rows[0][0]]   # exact or approximate: the first in code order
        mapped = {}
        for h in keep:
            out = []
            for order, seq, sysname, code in codes[h]:
                if sysname == "icd9pcs":
                    out += [(order, seq, "icd10pcs", t) for t in pgem.get(code, [])]   # not in it, no map: dropped
                    continue
                if sysname != "icd9cm":
                    out.append((order, seq, sysname, code))
                    continue
                rows = gem.get(code, [])
                if not rows or rows[0][1][1] == "1":
                    continue   # not in GEMs, no map: dropped
                if rows[0][1][2] == "1":   # combination: scenario 1, the first code of each choice list
                    first = OrderedDict()
                    for target, flags in rows:
                        if flags[3] == "1":
                            first.setdefault(flags[4], target)
                    targets = list(first.values())
                else:
                    targets = [rows[0][0]]   # exact, or approximate (the first listed)
                out += [(order, seq, "icd10cm", t) for t in targets]
            mapped[h] = out
        codes = mapped
        keep = [h for h in keep if codes[h]]   # left without codes: dropped (step mapped)
    if "ids" in o:
        idp = o["ids"] if os.path.isabs(o["ids"]) else os.path.join(base or os.getcwd(), o["ids"])
        opener = gzip.open if idp.endswith(".gz") else open
        with opener(idp, "rt", encoding="utf-8") as f:
            lines = [x.strip() for x in f if x.strip() and not x.startswith("#")]
        if lines and not lines[0].isdigit():
            header = [h.strip() for h in lines[0].split(",")]
            col = header.index("hadm_id") if "hadm_id" in header else header.index("_id")
            rows = [x.split(",") for x in lines[1:]]
            if "split" in o:
                rows = [r for r in rows if r[header.index("split")].strip() == o["split"]]
            wanted = set(r[col].strip() for r in rows)
        else:
            wanted = set(lines)
        keep = [h for h in keep if h in wanted]
    if o.get("icu", "any") != "any":
        stays = set(r["hadm_id"] for r in mimic_rows(f"{folder}/icu", "icustays"))
        keep = [h for h in keep if (h in stays) == (o["icu"] == "true")]
    texts = defaultdict(list)
    note = o.get("note", "discharge")
    if note != "none":
        nfolder = o.get("notes") or f"{folder}/note"
        if os.path.isdir(f"{nfolder}/note"):
            nfolder = f"{nfolder}/note"
        wanted = set(keep)
        for kind_order, kind in enumerate(["discharge", "radiology"]):
            if kind not in note.split(","):
                continue
            for r in mimic_rows(nfolder, kind):
                if r["hadm_id"] in wanted:
                    texts[r["hadm_id"]].append((kind_order, r.get("charttime", ""), int(r.get("note_seq") or 0),
                                                r["text"]))
        keep = [h for h in keep if texts.get(h)]
        u16 = lambda t: len(t.encode("utf-16-le")) // 2
        length = {h: sum(u16(t[3]) for t in texts[h]) for h in keep}
        keep = [h for h in keep if int(o.get("min_chars", 0)) <= length[h] <= float(o.get("max_chars", "inf"))]
    if "sample" in o:
        key = lambda h: int.from_bytes(hashlib.sha256(f"{o.get('seed', '0')}:{h}".encode()).digest()[:8], "big")
        keep = sorted(keep, key=key)[:int(o["sample"])]
    ds.ids = sorted(keep, key=int)
    for h in ds.ids:
        ds.patient[h] = subject[h]
        ds.notes[h] = "\n".join(t[3] for t in sorted(texts[h])) if texts.get(h) else ""
        for order, seq, sysname, code in sorted(codes[h]):
            if system_key(sysname) == system:
                ds.gold[h].append(code)


def read_predictions(path, fmt):
    """-> ({id: [(raw, score or None), ...] in file order}, failed ids, ids with a line (JSONL) or None);
    duplicates are left to Evaluation"""
    lines, failed = defaultdict(list), set()
    answered = None   # ids a run's log has a line for
    if fmt == "jsonl":
        last = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    o = json.loads(line)
                    last[str(o["admission_id"])] = o   # a run's log: the last line of an admission counts
        answered = set(last)
        for i, o in last.items():
            if o.get("status") == "failed":
                failed.add(i)
            for c in o.get("codes") or []:
                lines[i].append((c, None) if isinstance(c, str) else (c["code"], c.get("score")))
    elif fmt == "tsv":
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\r\n").split("\t")
                if len(p) >= 2:
                    lines[p[0]].append((p[1], float(p[2]) if len(p) > 2 and p[2] != "" else None))
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                s = r.get("score")
                lines[r["admission_id"]].append((r["code"], float(s) if s not in (None, "") else None))
    return dict(lines), failed, answered


# ---------------------------------------------------------------- scoring (README "Metrics")

def prf(tp, fp, fn):
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
            2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)


def mean(values):
    return math.fsum(values) / len(values) if values else 0.0


class Evaluation:
    def __init__(self, cs, ds, predictions, failed, invalid, population, levels, ks, coded=None):
        self.cs, self.levels, self.ks, self.failed, self.coded = cs, levels, ks, failed, coded
        self.gold = {i: list(OrderedDict.fromkeys(cs.canon(g) for g in ds.gold.get(i, []))) for i in ds.ids}
        self.all_gold = set(c for v in self.gold.values() for c in v)   # "a gold code of the dataset"
        self.raw = {i: predictions.get(i, []) for i in ds.ids}
        self.pred, self.score, self.lines, self.invalid_predicted = {}, {}, {}, {}
        for i in ds.ids:
            seen = OrderedDict()   # a code given twice keeps its first position and its highest score
            for raw, s in self.raw[i]:
                c = cs.canon(raw)
                if c not in seen:
                    seen[c] = s
                elif s is not None and (seen[c] is None or s > seen[c]):
                    seen[c] = s
            self.invalid_predicted[i] = sum(1 for c in seen if cs.status(c) in ("malformed", "not_in_table"))
            if invalid == "drop":
                seen = OrderedDict((c, s) for c, s in seen.items() if self.valid(c) or c in self.all_gold)
            self.pred[i], self.score[i] = list(seen), dict(seen)
            # the lines a reviewer is shown: a code written twice the same way (n44.8, N44.8) is one line, at its
            # first rank, with its highest score (the README's "duplicate codes ... removed (first rank kept)")
            same = OrderedDict()
            for raw, s in self.raw[i]:
                u = raw.strip().upper()
                if u not in same:
                    same[u] = s
                elif s is not None and (same[u] is None or s > same[u]):
                    same[u] = s
            self.lines[i] = [(cs.canon(u), s) for u, s in same.items() if cs.canon(u) in seen]
        self.ids = [i for i in ds.ids if population == "all" or self.gold[i]]
        self.notes, self.patient = ds.notes, ds.patient

    def valid(self, c):
        return self.cs.status(c) not in ("malformed", "not_in_table")

    def key(self, c, level, side):
        """(key, unmapped) of a code at a level: a malformed predicted string maps only when it is a gold code."""
        a = self.cs.ancestor(c, level)
        if side == "predicted" and level != "exact" and self.cs.status(c) == "malformed" and c not in self.all_gold:
            a = None
        return (a, "no") if a is not None else (c, side)

    def sets(self, i, level, restrict=None):
        g = [c for c in self.gold[i] if restrict is None or restrict(c)]
        p = [c for c in self.pred[i] if restrict is None or restrict(c)]
        return set(self.key(c, level, "gold") for c in g), set(self.key(c, level, "predicted") for c in p)

    def ranked(self, i, level):
        codes, sc = self.pred[i], self.score[i]
        if codes and all(sc[c] is not None for c in codes):   # by score, ties by code descending (trec_eval)
            codes = sorted(sorted(codes, reverse=True), key=lambda c: -sc[c])
        out = []
        for c in codes:
            k = self.key(c, level, "predicted")
            if k not in out:
                out.append(k)
        return out

    def status(self, i):
        if i in self.failed:
            return "failed"
        if self.coded is not None and i not in self.coded:
            return "never_coded"   # a run stopped before it (evaluate: a file that does not list it is "empty")
        return "ok" if self.raw[i] else "empty"

    def per_admission(self, level, restrict=None):
        rows = {}
        for i in self.ids:
            G, P = self.sets(i, level, restrict)
            tp, fp, fn = len(G & P), len(P - G), len(G - P)
            if not G and not P:
                p = r = f = j = em = 1.0
            else:
                p = tp / len(P) if P else 0.0
                r = tp / len(G) if G else 0.0
                f, j, em = 2 * tp / (2 * tp + fp + fn), tp / len(G | P), float(G == P)
            hits = [1 if k in G else 0 for k in self.ranked(i, level)] if restrict is None else []
            d = dict(gold=len(G), predicted=len(P), tp=tp, fp=fp, fn=fn, invalid_predicted=self.invalid_predicted[i],
                     precision=p, recall=r, f1=f, jaccard=j, exact_match=em)
            if restrict is None:
                d["average_precision"] = (sum(sum(hits[:n + 1]) / (n + 1) for n in range(len(hits)) if hits[n])
                                          / len(G)) if G else None
                for k in self.ks:
                    d[f"p@{k}"] = sum(hits[:k]) / k if G else None
                    d[f"r@{k}"] = sum(hits[:k]) / len(G) if G else None
                d["r_precision"] = sum(hits[:len(G)]) / len(G) if G else None
            rows[i] = d
        return rows

    def per_code(self, level, ids, restrict=None):
        c = defaultdict(lambda: [0, 0, 0, 0, 0])   # support predicted tp fp fn
        for i in ids:
            G, P = self.sets(i, level, restrict)
            for k in G: c[k][0] += 1
            for k in P: c[k][1] += 1
            for k in G & P: c[k][2] += 1
            for k in P - G: c[k][3] += 1
            for k in G - P: c[k][4] += 1
        return c

    def summary(self, level, ids, per_adm, restrict=None):
        pc = self.per_code(level, ids, restrict)
        tp, fp, fn = (sum(v[n] for v in pc.values()) for n in (2, 3, 4))
        out = {("micro", m): v for m, v in zip(("precision", "recall", "f1"), prf(tp, fp, fn))}
        for name, keys in (("macro-gold", [k for k, v in pc.items() if v[0] > 0]), ("macro-all", list(pc))):
            vals = [prf(*pc[k][2:5]) for k in keys]
            for n, m in enumerate(("precision", "recall", "f1")):
                out[(name, m)] = mean([v[n] for v in vals])
        rows = [per_adm[i] for i in ids]
        for m in ("precision", "recall", "f1", "jaccard", "exact_match"):
            out[("per-admission", m)] = mean([r[m] for r in rows])
        with_gold = [r for r in rows if r["gold"] > 0]
        if rows and "average_precision" in rows[0]:
            out[("per-admission", "map")] = mean([r["average_precision"] for r in with_gold])
            for m in [f"p@{k}" for k in self.ks] + [f"r@{k}" for k in self.ks] + ["r_precision"]:
                out[("per-admission", m)] = mean([r[m] for r in with_gold])
        return out, (tp, fp, fn)


# ---------------------------------------------------------------- comparing with the files

class Checker:
    def __init__(self):
        self.files = OrderedDict()   # name -> [values checked, largest difference]
        self.mismatches = []

    def num(self, file, row, column, mine, theirs, exact=False):
        stat = self.files.setdefault(file, [0, 0.0])
        stat[0] += 1
        if mine is None or theirs in (None, ""):
            ok = (mine is None) == (theirs in (None, ""))
            diff = 0.0 if ok else math.inf
        else:
            diff = abs(float(mine) - float(theirs))
            ok = diff == 0 if exact else diff <= TOL
            stat[1] = max(stat[1], diff)
        if not ok:
            self.mismatches.append(f"{file}: {row} {column}: medcode {theirs!r}, recomputed {mine!r}")

    def same(self, file, row, what, mine, theirs):
        stat = self.files.setdefault(file, [0, 0.0])
        stat[0] += 1
        if mine != theirs:
            if isinstance(mine, list) and isinstance(theirs, list) and len(mine) + len(theirs) > 12:
                only_m, only_r = sorted(set(theirs) - set(mine), key=str), sorted(set(mine) - set(theirs), key=str)
                self.mismatches.append(f"{file}: {row} {what}: only in medcode's {only_m[:8]!r} ({len(only_m)}), "
                                       f"only recomputed {only_r[:8]!r} ({len(only_r)})")
            else:
                self.mismatches.append(f"{file}: {row} {what}: medcode {theirs!r}, recomputed {mine!r}")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_coder(chk, folder, label, E, levels, training_counts, run_summary_rows):
    f = lambda name: os.path.join(folder, name)
    tag = lambda name: f"{label}{name}"
    adm = {lv: E.per_admission(lv) for lv in levels}

    # per_admission.csv
    rows = read_csv(f("per_admission.csv"))
    chk.same(tag("per_admission.csv"), "", "rows", len(E.ids) * len(levels), len(rows))
    for r in rows:
        lv, i = r["granularity"], r["admission_id"]
        mine = adm.get(lv, {}).get(i)
        if mine is None:
            chk.same(tag("per_admission.csv"), f"{lv} {i}", "row", "absent", "present")
            continue
        chk.same(tag("per_admission.csv"), f"{lv} {i}", "status", E.status(i), r["status"])
        for col in ("gold", "predicted", "tp", "fp", "fn", "invalid_predicted"):
            chk.num(tag("per_admission.csv"), f"{lv} {i}", col, mine[col], r[col], exact=True)
        for col in ("precision", "recall", "f1", "jaccard", "exact_match", "average_precision"):
            chk.num(tag("per_admission.csv"), f"{lv} {i}", col, mine[col], r[col])

    # per_code.csv
    rows = read_csv(f("per_code.csv"))
    seen = set()
    for lv in levels:
        pc = E.per_code(lv, E.ids)
        got = {(r["code_canonical"], r["unmapped"]): r for r in rows if r["granularity"] == lv}
        chk.same(tag("per_code.csv"), lv, "row keys", sorted(pc), sorted(got))
        for key, r in got.items():
            v = pc.get(key)
            if v is None:
                continue
            for col, x in zip(("support", "predicted", "tp", "fp", "fn"), v):
                chk.num(tag("per_code.csv"), f"{lv} {key[0]} ({key[1]})", col, x, r[col], exact=True)
            for col, x in zip(("precision", "recall", "f1"), prf(*v[2:5])):
                chk.num(tag("per_code.csv"), f"{lv} {key[0]} ({key[1]})", col, x, r[col])
            if lv == "exact":
                chk.same(tag("per_code.csv"), f"{lv} {key[0]}", "status", E.cs.status(key[0]), r["status"])

    # summary.csv (and the run's summary.csv rows of this coder)
    summ = {lv: E.summary(lv, E.ids, adm[lv])[0] for lv in levels}
    for name, rows in (("summary.csv", read_csv(f("summary.csv"))), ("(run) summary.csv", run_summary_rows)):
        for r in rows or []:
            mine = summ.get(r["granularity"], {}).get((r["averaging"], r["metric"]))
            if mine is None:
                chk.same(tag(name), f"{r['granularity']} {r['averaging']} {r['metric']}", "row", "absent", "present")
            else:
                chk.num(tag(name), f"{r['granularity']} {r['averaging']} {r['metric']}", "value", mine, r["value"])

    check_strata(chk, tag("strata.csv"), read_csv(f("strata.csv")), E, levels, training_counts)
    check_errors(chk, tag, f, E)
    check_coverage(chk, tag, f, E)
    return adm, summ


def strata_definitions(E, training_counts):
    """(dimension, stratum, admissions, restrict) per README "Analyses", Strata."""
    def u16(s):
        return len(s.encode("utf-16-le")) // 2
    length = {i: u16(E.notes[i]) for i in E.ids}
    srt, n = sorted(length.values()), len(E.ids)
    out = []
    if n:
        cuts = [srt[math.ceil(j * n / 4) - 1] for j in (1, 2, 3)]
        bounds = [(-1, cuts[0]), (cuts[0], cuts[1]), (cuts[1], cuts[2]), (cuts[2], math.inf)]
        for q, (lo, hi) in enumerate(bounds):
            out.append(("note_length_quartile", f"q{q + 1}", [i for i in E.ids if lo < length[i] <= hi], None))
    for lo, hi, name in [(0, 999, "0-999"), (1000, 1999, "1000-1999"), (2000, 3999, "2000-3999"),
                         (4000, 7999, "4000-7999"), (8000, math.inf, "8000+")]:
        out.append(("note_length_chars", name, [i for i in E.ids if lo <= length[i] <= hi], None))
    for lo, hi, name in [(0, 0, "0"), (1, 5, "1-5"), (6, 10, "6-10"), (11, 20, "11-20"), (21, math.inf, "21+")]:
        out.append(("gold_codes", name, [i for i in E.ids if lo <= len(E.gold[i]) <= hi], None))

    def chapter(c):
        return E.key(c, "chapter", "predicted")[0] if E.key(c, "chapter", "predicted")[1] == "no" else None
    chapters = set(chapter(c) for i in E.ids for c in E.gold[i] + E.pred[i]) - {None}
    for ch in sorted(chapters, key=lambda x: (len(x), x)):
        out.append(("chapter", ch, E.ids, lambda c, ch=ch: chapter(c) == ch))
    if training_counts is not None:
        counts = training_counts
        total, cum, head, torso = sum(counts.values()), 0, None, None
        for c, k in sorted(counts.items(), key=lambda x: -x[1]):
            cum += k
            if head is None and cum / total >= 0.5: head = k
            if torso is None and cum / total >= 0.8: torso = k
        cls = {c: "head" if k >= head else "torso" if k >= torso else "tail" for c, k in counts.items()}
        for s in ("head", "torso", "tail", "unseen"):
            out.append(("training_frequency", s, E.ids, lambda c, s=s: cls.get(c, "unseen") == s))
    return out


def check_strata(chk, name, rows, E, levels, training_counts):
    by = defaultdict(list)
    for r in rows:
        by[(r["dimension"], r["stratum"])].append(r)
    expected = set()
    for dim, stratum, sids, restrict in strata_definitions(E, training_counts):
        if not sids or (restrict and not any(restrict(c) for i in sids for c in E.gold[i] + E.pred[i])):
            continue   # left out (README: an empty admission stratum; a code stratum no code falls in)
        expected.add((dim, stratum))
        mine_rows = by.get((dim, stratum))
        if not mine_rows:
            chk.same(name, f"{dim} {stratum}", "stratum", "present", "absent")
            continue
        if restrict:
            nadm = sum(1 for i in sids if any(restrict(c) for c in E.gold[i]))
            ngold = sum(1 for i in sids for c in E.gold[i] if restrict(c))
        else:
            nadm, ngold = len(sids), sum(len(E.gold[i]) for i in sids)
        chk.num(name, f"{dim} {stratum}", "admissions", nadm, mine_rows[0]["admissions"], exact=True)
        chk.num(name, f"{dim} {stratum}", "gold_codes", ngold, mine_rows[0]["gold_codes"], exact=True)
        for lv in levels:
            pa = E.per_admission(lv) if restrict is None else E.per_admission(lv, restrict)
            values, counts = E.summary(lv, sids, pa, restrict)
            for r in (r for r in mine_rows if r["granularity"] == lv):
                where = f"{dim} {stratum} {lv} {r['averaging']} {r['metric']}"
                mine = values.get((r["averaging"], r["metric"]))
                if mine is None:
                    chk.same(name, where, "row", "absent", "present")
                    continue
                chk.num(name, where, "value", mine, r["value"])
                if r["averaging"] == "micro":
                    for col, x in zip(("tp", "fp", "fn"), counts):
                        chk.num(name, where, col, x, r[col], exact=True)
    chk.same(name, "", "strata", sorted(expected), sorted(by))


def is_strict_prefix(a, c):
    return len(c) > len(a) and c.startswith(a)


def check_errors(chk, tag, f, E):
    """errors.csv and confusions.csv: every predicted code classified, dropped invalid ones included."""
    cs = E.cs
    cat = lambda c: cs.ancestor(c, "category")
    chap = lambda c: cs.ancestor(c, "chapter")
    pred_all = {i: list(OrderedDict.fromkeys(cs.canon(r) for r, _ in E.raw[i])) for i in E.ids}
    kinds = {"predicted": defaultdict(int), "gold": defaultdict(int)}
    confusions = defaultdict(int)
    for i in E.ids:
        G, P = E.gold[i], pred_all[i]
        for p in P:
            if p in G: k = "exact"
            elif cs.status(p) in ("malformed", "not_in_table"): k = "invalid"
            elif any(is_strict_prefix(p, g) for g in G): k = "under_specified"
            elif any(is_strict_prefix(g, p) for g in G): k = "over_specified"
            elif cs.status(p) == "header": k = "header"
            elif cat(p) is not None and any(cat(g) == cat(p) for g in G): k = "sibling"
            elif chap(p) is not None and any(chap(g) == chap(p) for g in G): k = "same_chapter"
            else: k = "wrong_chapter"
            kinds["predicted"][k] += 1
        for g in G:
            if g in P: k = "exact"
            elif any(is_strict_prefix(p, g) for p in P): k = "under_specified"
            elif any(is_strict_prefix(g, p) for p in P): k = "over_specified"
            elif cat(g) is not None and any(cat(p) == cat(g) for p in P): k = "sibling"
            elif chap(g) is not None and any(chap(p) == chap(g) for p in P): k = "same_chapter"
            else: k = "missed"
            kinds["gold"][k] += 1
        # confusions: an unmatched gold code and an unmatched predicted code related by specificity or category
        for g in G:
            if g in P:
                continue
            for p in P:
                if p in G: continue
                if is_strict_prefix(p, g): rel = "under_specified"
                elif is_strict_prefix(g, p): rel = "over_specified"
                elif cat(p) is not None and cat(p) == cat(g): rel = "sibling"
                else: continue
                confusions[(g, p, rel)] += 1
    name = tag("errors.csv")
    rows = read_csv(f("errors.csv"))
    for side, d in kinds.items():
        total = sum(d.values())
        got = {r["kind"]: r for r in rows if r["side"] == side}
        for k in set(got) | set(d):
            r = got.get(k)
            if r is None:
                chk.same(name, f"{side} {k}", "row", "present", "absent")
                continue
            chk.num(name, f"{side} {k}", "count", d.get(k, 0), r["count"], exact=True)
            chk.num(name, f"{side} {k}", "total", total, r["total"], exact=True)
            chk.num(name, f"{side} {k}", "rate", d.get(k, 0) / total if total else 0.0, r["rate"])
    name = tag("confusions.csv")
    rows = read_csv(f("confusions.csv"))
    order = [k for k, _ in sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))]
    for n, r in enumerate(rows):
        key = (r["gold_code_canonical"], r["predicted_code_canonical"], r["relation"])
        chk.num(name, " ".join(key), "admissions", confusions.get(key, 0), r["admissions"], exact=True)
    # the file lists the most frequent: its rows are the first of the whole ordered list
    chk.same(name, "", "rows in order", order[:len(rows)],
             [(r["gold_code_canonical"], r["predicted_code_canonical"], r["relation"]) for r in rows])


def check_coverage(chk, tag, f, E):
    n = len(E.ids)

    def shown(i):   # lines by score (stable), a code's first line in that order
        lines = E.lines[i]
        if lines and all(s is not None for _, s in lines):
            lines = sorted(lines, key=lambda x: -x[1])
        return list(OrderedDict.fromkeys(c for c, _ in lines))
    order = {i: shown(i) for i in E.ids}
    name = tag("suggestions.csv")
    rows = read_csv(f("suggestions.csv"))
    longest = max((len(order[i]) for i in E.ids), default=0)
    total_gold = sum(len(E.gold[i]) for i in E.ids)
    chk.same(name, "", "rows", longest, len(rows))
    for r in rows:
        k = int(r["k"])
        hits = sum(len(set(order[i][:k]) & set(E.gold[i])) for i in E.ids)
        shown_k = sum(min(k, len(order[i])) for i in E.ids)
        chk.num(name, f"k={k}", "recall", hits / total_gold if total_gold else 0.0, r["recall"])
        chk.num(name, f"k={k}", "precision", hits / shown_k if shown_k else 0.0, r["precision"])
        chk.num(name, f"k={k}", "mean_reviewed", shown_k / n if n else 0.0, r["mean_reviewed"])

    name = tag("coverage.csv")
    rows = read_csv(f("coverage.csv"))
    all_scored = all(E.score[i][c] is not None for i in E.ids for c in E.pred[i])
    curve = []
    if all_scored:
        confidence = {i: min(E.score[i].values()) for i in E.ids if E.pred[i]}
        for t in sorted(set(confidence.values()), reverse=True):
            cov = [i for i in confidence if confidence[i] >= t]
            tp = sum(len(set(E.pred[i]) & set(E.gold[i])) for i in cov)
            fp = sum(len(set(E.pred[i]) - set(E.gold[i])) for i in cov)
            fn = sum(len(set(E.gold[i]) - set(E.pred[i])) for i in cov)
            p, r, _ = prf(tp, fp, fn)
            em = sum(set(E.pred[i]) == set(E.gold[i]) for i in cov) / len(cov)
            curve.append(dict(threshold=t, admissions=len(cov), coverage=len(cov) / n, tp=tp, fp=fp, fn=fn,
                              precision=p, recall=r, exact_match=em))
    chk.same(name, "", "rows", len(curve), len(rows))
    for mine, r in zip(curve, rows):
        for col, x in mine.items():
            chk.num(name, f"threshold {mine['threshold']}", col, x, r[col], exact=col in ("admissions", "tp", "fp", "fn"))

    name = tag("coverage_targets.csv")
    rows = read_csv(f("coverage_targets.csv"))
    if not curve:
        chk.same(name, "", "rows", 0, len(rows))
    for r in rows if curve else []:
        col = "precision" if r["criterion"] == "micro_precision" else "exact_match"
        ok = [m for m in curve if m[col] >= float(r["target"]) - 1e-15]
        best = max(ok, key=lambda m: m["coverage"]) if ok else None
        where = f"{r['criterion']} {r['target']}"
        chk.num(name, where, "coverage", best["coverage"] if best else 0.0, r["coverage"])
        chk.num(name, where, "admissions", best["admissions"] if best else 0, r["admissions"], exact=True)
        chk.num(name, where, "threshold", best["threshold"] if best else None, r["threshold"])
        chk.num(name, where, "achieved", best[col] if best else None, r["achieved"])


# ---------------------------------------------------------------- intervals (own bootstrap, Monte-Carlo tolerance)

def bootstrap_values(E, ids, level, restrict, resamples, by_patient, macro, seed):
    """{(averaging, metric): resampled values} of the admissions ids at a level (codes restricted or not): an own
    percentile bootstrap of the units (admissions, or patients with all their admissions), drawn as weights."""
    rng = np.random.default_rng(seed)
    units = resample_units(E, ids, by_patient)
    n = len(ids)
    unit_of = np.zeros(n, dtype=int)
    for u, members in enumerate(units):
        unit_of[members] = u
    pa = E.per_admission(level) if restrict is None else E.per_admission(level, restrict)
    rows = [pa[i] for i in ids]
    col = lambda m: np.array([np.nan if r[m] is None else r[m] for r in rows], dtype=float)
    counts = np.array([[r["tp"], r["fp"], r["fn"]] for r in rows], dtype=float)
    has_gold = (col("gold") > 0) * 1.0
    per_adm = {m: col(m) for m in ("precision", "recall", "f1", "jaccard", "exact_match")}
    ranked = {}
    if restrict is None:
        ranked = {"map": col("average_precision"), "r_precision": col("r_precision")}
        ranked.update({f"{x}@{k}": col(f"{x}@{k}") for k in E.ks for x in "pr"})
    if macro:   # per code: an (n, codes) matrix of each admission's tp, fp, fn
        keys = OrderedDict()
        per_code = []
        for i in ids:
            G, P = E.sets(i, level, restrict)
            per_code.append((G, P))
            for k in G | P:
                keys.setdefault(k, len(keys))
        X = np.zeros((3, n, len(keys)))
        for a, (G, P) in enumerate(per_code):
            for k in G & P: X[0, a, keys[k]] = 1
            for k in P - G: X[1, a, keys[k]] = 1
            for k in G - P: X[2, a, keys[k]] = 1
    out = defaultdict(list)
    for start in range(0, resamples, 250):
        size = min(250, resamples - start)
        draws = rng.integers(0, len(units), (size, len(units)))
        w = np.stack([np.bincount(d, minlength=len(units)) for d in draws]).astype(float)[:, unit_of]
        for m, v in micro_of(*(w @ counts).T).items():
            out[("micro", m)].append(v)
        if restrict is None:
            for m, v in per_adm.items():
                out[("per-admission", m)].append(w @ v / w.sum(1))
            wg = w @ has_gold
            for m, v in ranked.items():
                with np.errstate(divide="ignore", invalid="ignore"):
                    out[("per-admission", m)].append(np.where(wg > 0, (w @ np.nan_to_num(v * has_gold)) / wg, 0.0))
        if macro:
            tp, fp, fn = (w @ X[j] for j in range(3))
            prf_c = micro_of(tp, fp, fn)
            for name, present in (("macro-gold", tp + fn > 0), ("macro-all", tp + fp + fn > 0)):
                k = present.sum(1)
                for m, v in prf_c.items():
                    with np.errstate(divide="ignore", invalid="ignore"):
                        out[(name, m)].append(np.where(k > 0, (v * present).sum(1) / k, 0.0))
    return {key: np.concatenate(v) for key, v in out.items()}, len(units)


def check_intervals(chk, name, rows, E, levels, resamples, tolerance, confidence, by_patient, theirs_resamples,
                    ids=None, restrict=None, seed=7):
    """the ci_low/ci_high of rows (summary.csv's, or one stratum's) against an own bootstrap"""
    ids = E.ids if ids is None else ids
    a = (1 - confidence) / 2 * 100
    for lv in levels:
        mine_rows = [r for r in rows if r["granularity"] == lv]
        macro = any(r["ci_low"] != "" and r["averaging"].startswith("macro") for r in mine_rows)
        stats, units = bootstrap_values(E, ids, lv, restrict, resamples, by_patient, macro, seed)
        for r in mine_rows:
            where = f"{r.get('dimension', '')} {r.get('stratum', '')} {lv} {r['averaging']} {r['metric']}".strip()
            if units < 2:   # README: one admission (patient) gets no interval
                chk.same(name, where, "ci_low, ci_high (one unit: none)", ("", ""), (r["ci_low"], r["ci_high"]))
                continue
            if r["ci_low"] == "":
                continue   # no interval here (macro without --macro-intervals; --intervals micro)
            key = (r["averaging"], r["metric"])
            if key not in stats:
                chk.same(name, where, "interval", "none recomputed", "present")
                continue
            for bound, q in (("ci_low", a / 100), ("ci_high", 1 - a / 100)):
                check_bound(chk, name, where, bound, stats[key], q, r[bound], tolerance, theirs_resamples)


def check_strata_intervals(chk, name, rows, E, levels, training_counts, resamples, tolerance, confidence, by_patient,
                           theirs_resamples):
    by = defaultdict(list)
    for r in rows:
        by[(r["dimension"], r["stratum"])].append(r)
    for dim, stratum, sids, restrict in strata_definitions(E, training_counts):
        mine = by.get((dim, stratum))
        if mine and sids:
            check_intervals(chk, name, mine, E, levels, resamples, tolerance, confidence, by_patient, theirs_resamples,
                            ids=sids, restrict=restrict)


# ---------------------------------------------------------------- paired statistics (README "Analyses": compare, gate)

PAIRED = [("micro", m) for m in ("precision", "recall", "f1")] + \
    [("per-admission", m) for m in ("precision", "recall", "f1", "jaccard", "exact_match")]


def admission_values(c):
    """per-admission P, R, F1, Jaccard, exact match from an (n, 3) array of tp, fp, fn (README "Metrics")"""
    tp, fp, fn = (c[:, j].astype(float) for j in range(3))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(tp + fp > 0, tp / (tp + fp), np.where(tp + fn > 0, 0.0, 1.0))
        r = np.where(tp + fn > 0, tp / (tp + fn), np.where(tp + fp > 0, 0.0, 1.0))
        f = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 1.0)
        j = np.where(tp + fp + fn > 0, tp / (tp + fp + fn), 1.0)
    return {"precision": p, "recall": r, "f1": f, "jaccard": j, "exact_match": ((fp == 0) & (fn == 0)) * 1.0}


def micro_of(TP, FP, FN):
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"precision": np.where(TP + FP > 0, TP / (TP + FP), 0.0),
                "recall": np.where(TP + FN > 0, TP / (TP + FN), 0.0),
                "f1": np.where(2 * TP + FP + FN > 0, 2 * TP / (2 * TP + FP + FN), 0.0)}


def paired_statistics(ca, cb, units, resamples, rounds, confidence, seed=11):
    """{(averaging, metric): (difference, ci_low, ci_high, bootstrap sd, p)} of B - A over admissions with (n, 3)
    count arrays ca, cb: an own paired percentile bootstrap of `resamples` resamples of the units (lists of admission
    indices: admissions, or patients with all their admissions) and an own approximate randomisation of `rounds`
    rounds (each admission's two answers swapped with probability 1/2; two-sided, (1 + extreme) / (1 + rounds))."""
    rng = np.random.default_rng(seed)
    n = len(ca)
    va, vb = admission_values(ca), admission_values(cb)
    unit_of = np.zeros(n, dtype=int)
    for u, members in enumerate(units):
        unit_of[members] = u
    out = {}
    observed = {}   # key -> (difference, ci_low, ci_high, resampled values, p)
    for (avg, m) in PAIRED:
        if avg == "micro":
            observed[(avg, m)] = float(micro_of(*cb.sum(0).astype(float))[m] - micro_of(*ca.sum(0).astype(float))[m])
        else:
            observed[(avg, m)] = float(vb[m].mean() - va[m].mean())
    boot = defaultdict(list)
    for start in range(0, resamples, 500):
        size = min(500, resamples - start)
        draws = rng.integers(0, len(units), (size, len(units)))
        w_units = np.stack([np.bincount(d, minlength=len(units)) for d in draws]).astype(float)
        w = w_units[:, unit_of]   # an admission's weight: how often its unit was drawn
        total = w.sum(1)
        for m, v in micro_of(*(w @ cb.astype(float)).T).items():
            boot[("micro", m)].append(v - micro_of(*(w @ ca.astype(float)).T)[m])
        for m in va:
            boot[("per-admission", m)].append((w @ vb[m] - w @ va[m]) / total)
    extreme = defaultdict(int)
    d_counts = (cb - ca).astype(float)
    for start in range(0, rounds, 1000):
        size = min(1000, rounds - start)
        swap = rng.integers(0, 2, (size, n)).astype(float)   # 1: the admission's answers swapped
        da = swap @ d_counts   # A' = A + swap * (B - A), B' = B - swap * (B - A)
        A = ca.sum(0) + da
        B = cb.sum(0) - da
        ma, mb = micro_of(*A.T), micro_of(*B.T)
        for m in ma:
            extreme[("micro", m)] += int(np.sum(np.abs(mb[m] - ma[m]) >= abs(observed[("micro", m)]) - 1e-12))
        for m in va:
            diff = vb[m] - va[m]
            d = ((1 - 2 * swap) @ diff) / n
            extreme[("per-admission", m)] += int(np.sum(np.abs(d) >= abs(observed[("per-admission", m)]) - 1e-12))
    a = (1 - confidence) / 2 * 100
    for key in PAIRED:
        values = np.concatenate(boot[key]) if boot[key] else np.array([0.0])
        lo, hi = np.percentile(values, [a, 100 - a])
        p = (1 + extreme[key]) / (1 + rounds) if rounds else None
        out[key] = (observed[key], float(lo), float(hi), values, p)
    return out


def binomial_cdf(k, n, p):
    """P(X <= k), X ~ Binomial(n, p)"""
    if k < 0:
        return 0.0
    if k >= n or p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1) + j * lp + (n - j) * lq
             for j in range(int(k) + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * math.fsum(math.exp(t - top) for t in terms))


BOUND_P = 1e-6   # a bound is refused when medcode's resamples would put it there with at most this probability


def check_bound(chk, name, where, bound, values, q, theirs, tolerance, theirs_resamples):
    """medcode's interval bound `theirs` (the q-quantile of its theirs_resamples resampled values) against own
    resampled values: it agrees within tolerance x their sd, scaled by the Monte-Carlo error of the two bootstraps
    (tolerance is meant for 1,000 resamples each), or when medcode's resamples could have put it there: with the share
    t of own values beyond it (on the side of the own quantile), its quantile lies there unless at most q (1 - q)
    of its resamples fall on that side, which the binomial distribution gives a probability; below BOUND_P it is
    refused. The second holds a metric of few admissions, which takes few values (exact match of 47 admissions:
    multiples of 1/47), whose percentiles move by whole steps between two bootstraps."""
    mine = float(np.percentile(values, q * 100))
    sd, own = float(values.std()), len(values)
    allowed = max(tolerance * sd * math.sqrt((1 / theirs_resamples + 1 / own) / 0.002), TOL)
    stat = chk.files.setdefault(name, [0, 0.0])
    stat[0] += 1
    if theirs in (None, ""):
        chk.mismatches.append(f"{name}: {where} {bound}: medcode none, own bootstrap {mine!r}")
        return
    theirs = float(theirs)
    d = abs(mine - theirs)
    stat[1] = max(stat[1], d)
    if d <= allowed:
        return
    if theirs > mine:   # its q-quantile this high: at most about q R of its resamples below it
        t = float(np.mean(values < theirs - TOL))
        chance = binomial_cdf(math.ceil(q * theirs_resamples) + 1, theirs_resamples, t)
    else:               # this low: at most about (1 - q) R above it
        t = float(np.mean(values > theirs + TOL))
        chance = binomial_cdf(math.ceil((1 - q) * theirs_resamples) + 1, theirs_resamples, t)
    if chance < BOUND_P:
        side, share = ("below", q) if theirs > mine else ("above", 1 - q)
        chk.mismatches.append(f"{name}: {where} {bound}: medcode {theirs!r}, own bootstrap {mine!r} (allowed "
                              f"{allowed:.3g}; {t:.3g} of own resamples lie {side} medcode's bound, of its "
                              f"{theirs_resamples:,} about {share:g} would: chance {chance:.2g})")


def check_p(chk, name, where, mine, theirs, rounds_theirs, rounds_mine):
    """two Monte-Carlo estimates of one p-value: within 4 standard errors of both together, plus the (1 + .) terms"""
    stat = chk.files.setdefault(name, [0, 0.0])
    stat[0] += 1
    theirs = float(theirs)
    d = abs(mine - theirs)
    stat[1] = max(stat[1], d)
    p = min(max(mine, theirs), 0.5)
    allowed = 4 * math.sqrt(p * (1 - p) * (1 / rounds_theirs + 1 / rounds_mine)) + 1 / (1 + rounds_theirs) \
        + 1 / (1 + rounds_mine)
    if d > allowed:
        chk.mismatches.append(f"{name}: {where} p_value: medcode {theirs!r}, own approximate randomisation {mine!r} "
                              f"of {rounds_mine:,} rounds (allowed {allowed:.3g})")


def counts_of(E, level, ids):
    pa = E.per_admission(level)
    return np.array([[pa[i]["tp"], pa[i]["fp"], pa[i]["fn"]] for i in ids], dtype=np.int64)


def resample_units(E, ids, by_patient):
    units = OrderedDict()
    for n, i in enumerate(ids):
        units.setdefault(E.patient.get(i, i) if by_patient else i, []).append(n)
    return list(units.values())


# ---------------------------------------------------------------- run folders

def training_counts(spec, data, base, cs, system):
    if not spec:
        return None
    ds = load_dataset(spec, data, base, system)
    counts = defaultdict(int)
    for i in ds.ids:
        for c in set(cs.canon(g) for g in ds.gold.get(i, [])):
            counts[c] += 1
    return counts


def table_from_description(version, code_table):
    """an evaluate folder's metrics.json names its table -> (system, year, dictionary, table of one's own)"""
    m9 = re.match(r"(icd9cm|icd9pcs)\s+v32", version)
    if m9:
        return m9.group(1), "", None, None
    m = re.match(r"(icd10cm|icd10pcs|icd9cm|icd9pcs)\s+mimic-iv d_icd_", version)
    if m:
        return m.group(1), "", "dataset", None
    m = re.match(r"(cpt|hcpcs)\s+(\S+)", version)
    if m and not version.endswith(" none (format check only)"):   # a table of one's own, named by its file name only
        if not code_table or os.path.basename(code_table) != m.group(2):
            raise UsageError(f"the folder was scored with the table {m.group(2)}: give its path, --code-table FILE")
        return m.group(1), "", None, os.path.abspath(code_table)
    if m:
        return m.group(1), "", None, None
    m = re.match(r"(icd10cm|icd10pcs)\s+FY(\d{4})", version)
    if not m:
        raise UsageError(f"code table {version!r} not supported (CMS ICD-10 and ICD-9 tables, a MIMIC-IV dictionary, "
                         f"CPT and HCPCS)")
    return m.group(1), m.group(2), None, None


def coder_ids(manifest):
    """a run's coders: the config's (id, else name), then any the manifest lists besides"""
    ids = [c.get("id") or c["name"] for c in manifest.get("config", {}).get("coders", [])]
    return ids + [c for c in manifest.get("coders", {}) if c not in ids]


class Folder:
    """A run folder (each coder), one coder's subfolder or an evaluate folder, with its evaluations recomputed."""

    def __init__(self, path, data_dir, code_table=None):
        run = self.path = os.path.abspath(path)
        coders = []   # (folder, label, predictions path, format)
        manifest = metrics = None
        self.run_summary = None
        parent = os.path.dirname(run)
        if not os.path.exists(f"{run}/manifest.json") and os.path.exists(f"{parent}/manifest.json") \
                and os.path.basename(run) in coder_ids(json.load(open(f"{parent}/manifest.json", encoding="utf-8"))):
            # a coder's folder of a run stopped before the coder ended (killed; `report` writes its tables but not
            # its manifest.json): the run's manifest, narrowed to it
            manifest = json.load(open(f"{parent}/manifest.json", encoding="utf-8"))
            coders.append((run, f"{os.path.basename(run)}/", f"{run}/predictions.jsonl", "jsonl"))
            self.run_summary = os.path.join(parent, "summary.csv")
        elif os.path.exists(f"{run}/manifest.json"):
            manifest = json.load(open(f"{run}/manifest.json", encoding="utf-8"))
            if "coder" in manifest:   # one coder's subfolder
                coders.append((run, f"{os.path.basename(run)}/", f"{run}/predictions.jsonl", "jsonl"))
                self.run_summary = os.path.join(os.path.dirname(run), "summary.csv")
            else:   # the config's coders (a killed run's manifest lists none under coders)
                for c in coder_ids(manifest):
                    if os.path.exists(f"{run}/{c}/per_admission.csv"):
                        coders.append((f"{run}/{c}", f"{c}/", f"{run}/{c}/predictions.jsonl", "jsonl"))
                    else:
                        print(f"  {c}/: no per_admission.csv (never ran, or killed before `report`): not checked")
                self.run_summary = f"{run}/summary.csv"
        if manifest is not None:
            config = manifest["config"]
            spec, training = config["dataset"]["spec"], (config.get("training") or {}).get("spec")
            system, year = config["codeSystem"]["system"], str(config["codeSystem"].get("year", ""))
            dictionary = config["codeSystem"].get("dictionary")
            own_table = config["codeSystem"].get("table")
            m = config["metrics"]
            invalid, population, levels, ks = m["invalid"], m.get("population", "all"), m["levels"], m["k"]
            self.confidence, self.by_patient = m.get("confidence", 0.95), m.get("groupByPatient", False)
            self.resamples = m.get("bootstrap", 1000)
            base = manifest.get("dataset", {}).get("directory")
        elif os.path.exists(f"{run}/metrics.json"):
            metrics = json.load(open(f"{run}/metrics.json", encoding="utf-8"))
            p = metrics["predictions"]
            coders.append((run, "", p["file"], p.get("format", os.path.splitext(p["file"])[1][1:])))
            spec, training = metrics["dataset"]["spec"], None
            system, year, dictionary, own_table = table_from_description(metrics["code_table"]["version"], code_table)
            s = metrics["settings"]
            invalid, population, ks = s["invalid_policy"], s.get("population", "all"), s["k"]
            self.confidence, self.by_patient = s.get("confidence", 0.95), s.get("resample_unit") == "patient"
            self.resamples = s.get("bootstrap_resamples", 1000)
            levels = [lv for lv in LEVELS if lv in metrics["levels"]]
            base = metrics["dataset"].get("directory")
        else:
            raise UsageError(f"{run} has neither manifest.json nor metrics.json")
        if own_table and system not in ("cpt", "hcpcs"):
            raise UsageError(f"a {system} table of one's own (codeSystem.table) is not supported (cpt, hcpcs only)")
        if system not in SYSTEMS or (system.startswith("icd10") and not year and dictionary != "dataset"):
            raise UsageError(f"code system {system} {year} not supported (icd10cm, icd10pcs with a year or the "
                             f"dataset's dictionary; icd9cm, icd9pcs)")
        # the manifest records no data folder (only the folder of relative dataset paths), so: as medcode's --data-dir
        data = data_dir or os.environ.get("MEDCODE_DATA") or f"{ROOT}/datasets"
        if dictionary == "dataset":
            if not spec.startswith("mimic-iv:"):
                raise UsageError(f"the dataset's own dictionary of {spec} is not supported (mimic-iv: only)")
            cs = SYSTEMS[system](data, year, codes=mimic_dictionary(base, spec, system))
            table = "the dataset's dictionary"
        elif system in ("cpt", "hcpcs"):
            path = own_table and (own_table if os.path.isabs(own_table) else os.path.join(base or os.getcwd(), own_table))
            cs = SYSTEMS[system](data, year, table=read_user_table(path) if own_table else None)
            table = f"table {own_table}" if own_table else "no table (format only)"
        else:
            cs = SYSTEMS[system](data, year)
            table = f"FY{year}" if year else "v32"
        ds = load_dataset(spec, data, base, system)
        self.train = training_counts(training, data, base, cs, system)
        self.levels = [lv for lv in levels if lv in cs.levels]   # a level the system lacks is skipped (README)
        self.description = (f"{spec}, {system} {table}, invalid {invalid}, population {population}, "
                            f"levels {','.join(self.levels)}, data {data}")
        self.coders = []   # (folder, label, Evaluation)
        levels = self.levels
        for folder, label, pred_path, fmt in coders:
            if not os.path.isabs(pred_path) and not os.path.exists(pred_path):
                pred_path = os.path.join(base or ROOT, pred_path)
            if os.path.exists(f"{folder}/metrics.json") and \
                    "not_measured" in json.load(open(f"{folder}/metrics.json", encoding="utf-8")):
                print(f"  {label or run}: not measured (it answered no admission): its empty values are not checked")
                continue
            predictions, failed, answered = read_predictions(pred_path, fmt)
            self.coders.append((folder, label, Evaluation(cs, ds, predictions, failed, invalid, population, levels,
                                                          ks, coded=answered if metrics is None else None)))


def check_compare(chk, folder, a, b, resamples=0, rounds=0, tolerance=0.5):
    """comparison.csv's point values (a, b, difference, admissions), changed_admissions.csv, changed_codes.csv; with
    resamples, its paired intervals and p-values against an own paired bootstrap and approximate randomisation."""
    (_, _, A), (_, _, B) = a.coders[0], b.coders[0]
    both = [i for i in A.ids if A.status(i) != "never_coded" and B.status(i) != "never_coded"]
    if resamples:
        rows = read_csv(f"{folder}/comparison.csv")
        confidence = next((float(r["confidence"]) for r in rows if r["confidence"]), a.confidence)
        units = resample_units(A, both, a.by_patient)
        for lv in a.levels:
            stats = paired_statistics(counts_of(A, lv, both), counts_of(B, lv, both), units, resamples, rounds,
                                      confidence)
            for r in (r for r in rows if r["granularity"] == lv):
                where = f"{lv} {r['averaging']} {r['metric']}"
                mine = stats.get((r["averaging"], r["metric"]))
                if mine is None:
                    if r["ci_low"] != "" or r["p_value"] != "":
                        chk.files.setdefault("comparison.csv (not rechecked: no paired statistic here)", [0, 0.0])[0] += 1
                    continue
                if len(units) < 2:   # README: a pairing of one admission (patient) gets no interval
                    chk.same("comparison.csv intervals", where, "ci_low, ci_high", ("", ""), (r["ci_low"], r["ci_high"]))
                    continue
                for bound, q in (("ci_low", (1 - confidence) / 2), ("ci_high", 1 - (1 - confidence) / 2)):
                    check_bound(chk, "comparison.csv intervals", where, bound, mine[3], q, r[bound], tolerance,
                                a.resamples)
                if rounds:
                    if r["p_value"] == "":
                        chk.same("comparison.csv p-values", where, "p_value", "a value", "empty")
                    else:
                        check_p(chk, "comparison.csv p-values", where, mine[4], r["p_value"], 10000, rounds)
    values = {}
    for lv in a.levels:
        values[lv] = (A.summary(lv, both, A.per_admission(lv))[0], B.summary(lv, both, B.per_admission(lv))[0])
    name = "comparison.csv"
    for r in read_csv(f"{folder}/comparison.csv"):
        where = f"{r['granularity']} {r['averaging']} {r['metric']}"
        va, vb = (v.get((r["averaging"], r["metric"])) for v in values.get(r["granularity"], ({}, {})))
        if va is None:
            chk.same(name, where, "row", "absent", "present")
            continue
        chk.num(name, where, "a", va, r["a"])
        chk.num(name, where, "b", vb, r["b"])
        chk.num(name, where, "difference", vb - va, r["difference"])
        chk.num(name, where, "admissions", len(both), r["admissions"], exact=True)
    fa, fb = A.per_admission("exact"), B.per_admission("exact")
    changed, codes = {}, defaultdict(lambda: [0, 0])
    for i in both:
        G = set(A.gold[i])
        found_a, found_b = G & set(A.pred[i]), G & set(B.pred[i])
        f1a, f1b = fa[i]["f1"], fb[i]["f1"]
        if f1a != f1b or found_a != found_b:
            change = "improved" if f1b > f1a else "regressed" if f1b < f1a else "same_f1"
            changed[i] = (change, sorted(found_b - found_a), sorted(found_a - found_b), f1a, f1b)
            for c in found_b - found_a: codes[c][0] += 1
            for c in found_a - found_b: codes[c][1] += 1
    name = "changed_admissions.csv"
    rows = read_csv(f"{folder}/changed_admissions.csv")
    chk.same(name, "", "admissions", sorted(changed), sorted(r["admission_id"] for r in rows))
    for r in rows:
        mine = changed.get(r["admission_id"])
        if mine is None:
            continue
        chk.same(name, r["admission_id"], "change", mine[0], r["change"])
        chk.same(name, r["admission_id"], "gained_canonical", mine[1], sorted(r["gained_canonical"].split()))
        chk.same(name, r["admission_id"], "lost_canonical", mine[2], sorted(r["lost_canonical"].split()))
        chk.num(name, r["admission_id"], "f1_a", mine[3], r["f1_a"])
        chk.num(name, r["admission_id"], "f1_b", mine[4], r["f1_b"])
    name = "changed_codes.csv"
    got = {r["code_canonical"]: [int(r["gained"]), int(r["lost"])] for r in read_csv(f"{folder}/changed_codes.csv")}
    chk.same(name, "", "codes", sorted(codes), sorted(got))
    for c, v in got.items():
        chk.same(name, c, "gained, lost", codes.get(c), v)


# ---------------------------------------------------------------- gate (README "Regression gates for CI")

RULE = re.compile(r"^\s*(\S+?)(\.delta)?\s*(>=|<=|>|<)\s*(\S+?)(%?)\s*(?:\s(point|interval))?\s*$")
RUN_QUANTITIES = ("invalid_rate", "failure_rate", "empty_rate")
EPS = 1e-12   # README: values within 1e-12 of the threshold count as equal to it


def holds(x, op, t):
    return {">=": x >= t - EPS, ">": x > t + EPS, "<=": x <= t + EPS, "<": x < t - EPS}[op]


class Baseline:
    """A gate's baseline: a run folder (recomputed like the run), a baseline file (its per-admission counts and found
    gold codes) or a plain metrics.json (point values only)."""

    def __init__(self, path, data_dir, coder):
        self.path, self.kind, self.E, self.counts, self.hits = path, None, None, None, None
        if os.path.isdir(path):
            folder = Folder(path, data_dir)
            match = [E for _, label, E in folder.coders if label.rstrip("/") == coder] or \
                ([folder.coders[0][2]] if len(folder.coders) == 1 else [])
            if not match:
                raise UsageError(f"baseline {path} has no coder {coder}")
            self.kind, self.E = "run", match[0]
            self.summary = {lv: self.E.summary(lv, self.E.ids, self.E.per_admission(lv))[0] for lv in folder.levels}
            return
        doc = json.load(open(path, encoding="utf-8"))
        self.metrics = doc.get("metrics", doc)
        self.summary = {lv: {(avg, m): v["value"] for avg, ms in x["metrics"].items() for m, v in ms.items()}
                        for lv, x in self.metrics["levels"].items()}
        if doc.get("kind") == "medcode-baseline":
            self.kind = "file"
            levels = doc["paired"]["levels"]
            adm = doc["paired"]["admissions"]
            self.ids = [a["id"] for a in adm]
            self.counts = {lv: np.array([a["counts"][n] for a in adm], dtype=np.int64) for n, lv in enumerate(levels)}
            self.hits = {a["id"]: set(a["hits"]) for a in adm}
        else:
            self.kind = "metrics"

    def level_counts(self, level, ids):
        if self.kind == "run":
            return counts_of(self.E, level, ids)
        if self.kind == "file" and level in self.counts:
            at = {i: n for n, i in enumerate(self.ids)}
            return self.counts[level][[at[i] for i in ids]]
        return None

    def found(self, i):
        if self.kind == "run":
            return set(self.E.gold[i]) & set(self.E.pred[i])
        return self.hits.get(i, set())


def check_gate(chk, gate_dir, run_dir, baseline_path, data_dir, resamples, rounds, tolerance):
    g = json.load(open(f"{gate_dir}/gate.json", encoding="utf-8"))
    run = Folder(run_dir or g["run"], data_dir)
    baseline_path = baseline_path or g.get("baseline")
    print(f"{os.path.abspath(gate_dir)}: run {run.path}, baseline {baseline_path}; {run.description}")
    name = "gate.json"
    total_rules = failed_rules = 0
    verdicts = []
    for c in g["coders"]:
        coder = c["coder"]
        match = [(folder, E) for folder, label, E in run.coders if label.rstrip("/") == coder]
        if not match:
            chk.same(name, coder, "coder", "measured", "absent or not measured")
            continue
        folder, E = match[0]
        # completeness
        every = list(E.raw)
        status = {i: E.status(i) for i in every}
        failed = sum(1 for v in status.values() if v == "failed")
        never = sum(1 for v in status.values() if v == "never_coded")
        comp = c["completeness"]
        # answered: coded without failing (admissions = answered + failed + never coded, as the gate's console says)
        for key, mine in (("admissions", len(every)), ("answered", len(every) - never - failed), ("failed", failed),
                          ("never_coded", never)):
            chk.num(name, f"{coder} completeness", key, mine, comp[key], exact=True)
        chk.num(name, f"{coder} completeness", "failure_rate", failed / len(every) if every else 0.0, comp["failure_rate"])
        complete = comp["status"] == "complete" and never == 0 and failed / len(every) <= comp["max_failure_rate"] + EPS
        chk.same(name, f"{coder} completeness", "complete", complete, comp["complete"])
        levels = {lv: E.summary(lv, E.ids, E.per_admission(lv))[0] for lv in run.levels}
        base = Baseline(baseline_path, data_dir, coder) if baseline_path else None
        if base and base.kind == "file":   # the file's metrics against its own per-admission counts
            for lv, counts in base.counts.items():
                for (avg, m) in PAIRED:
                    v = admission_values(counts)[m].mean() if avg == "per-admission" \
                        else float(micro_of(*counts.sum(0).astype(float))[m])
                    if (avg, m) in base.summary.get(lv, {}):
                        chk.num("baseline file", f"{lv} {avg} {m}", "value (from its counts)", v, base.summary[lv][(avg, m)])
        both = [i for i in E.ids if status[i] != "never_coded"]
        units = resample_units(E, both, run.by_patient)
        paired_cache = {}
        summary_rows = {(r["granularity"], r["averaging"], r["metric"]): r for r in read_csv(f"{folder}/summary.csv")}
        all_passed = True
        for r in c["rules"]:
            total_rules += 1
            where = f"{coder} {r['rule']}"
            m = RULE.match(r["rule"])
            if not m:
                chk.same(name, where, "rule", "parsable", "not")
                continue
            metric, delta, op, number, percent, mode = m.groups()
            threshold = float(number) / (100 if percent else 1)
            chk.same(name, where, "metric, delta, operator, mode", (metric, bool(delta), op, mode or "point"),
                     (r["metric"], r["delta"], r["operator"], r["mode"]))
            chk.num(name, where, "threshold", threshold, r["threshold"])
            # the value
            if metric in RUN_QUANTITIES:
                if metric == "invalid_rate":
                    predicted = sum(len(OrderedDict.fromkeys(E.cs.canon(x) for x, _ in E.raw[i])) for i in every)
                    mine = sum(E.invalid_predicted[i] for i in every) / predicted if predicted else 0.0
                elif metric == "failure_rate":
                    mine = failed / len(every)
                else:
                    mine = sum(1 for v in status.values() if v == "empty") / len(every)
                key = None
            else:
                lv, avg, mname = metric.split(".", 2)
                key = (lv, avg, mname)
                mine = levels.get(lv, {}).get((avg, mname))
            if delta:
                b = base.summary.get(key[0], {}).get(key[1:]) if base and key else None
                chk.num(name, where, "baseline", b, r["baseline"])
                mine = None if mine is None or b is None else mine - b
                if key and key[1:] in PAIRED and len(both) < len(E.ids) and base \
                        and base.level_counts(key[0], both) is not None:
                    # a run stopped early: the difference a compare gives, on the admissions it coded (README: the
                    # gate compares "each with the values a compare of the same runs gives it")
                    of = lambda c: float(micro_of(*c.sum(0).astype(float))[key[2]]) if key[1] == "micro" \
                        else float(admission_values(c)[key[2]].mean())
                    mine = of(counts_of(E, key[0], both)) - of(base.level_counts(key[0], both))
            chk.num(name, where, "value", mine, r["value"])
            # the interval and its basis
            basis = r["basis"] or ""
            paired = bool(delta) and key is not None and key[1:] in PAIRED and base is not None \
                and base.kind in ("run", "file") and base.level_counts(key[0], both) is not None
            if metric in RUN_QUANTITIES:
                chk.same(name, where, "ci", (None, None), (r["ci_low"], r["ci_high"]))
            elif paired:
                chk.same(name, where, "basis", "paired bootstrap", basis[:len("paired bootstrap")])
                if resamples and key[0] not in paired_cache:
                    paired_cache[key[0]] = paired_statistics(base.level_counts(key[0], both), counts_of(E, key[0], both),
                                                             units, resamples, rounds, run.confidence)
                if resamples:
                    d, lo, hi, values, p = paired_cache[key[0]][key[1:]]
                    for bound, q in (("ci_low", (1 - run.confidence) / 2), ("ci_high", 1 - (1 - run.confidence) / 2)):
                        check_bound(chk, "gate.json paired intervals", where, bound, values, q, r[bound], tolerance,
                                    run.resamples)
                    if rounds:
                        m_rounds = re.search(r"randomisation with (\d+) rounds", basis)
                        if r["p_value"] is None:
                            chk.same(name, where, "p_value", "a value", None)
                        else:
                            check_p(chk, "gate.json p-values", where, p, r["p_value"],
                                    int(m_rounds.group(1)) if m_rounds else 10000, rounds)
            else:
                row = summary_rows.get(key)
                lo, hi = (float(row["ci_low"]), float(row["ci_high"])) if row and row["ci_low"] != "" else (None, None)
                shift = (r["baseline"] if delta else 0.0) or 0.0
                chk.num(name, where, "ci_low", None if lo is None else lo - shift, r["ci_low"])
                chk.num(name, where, "ci_high", None if hi is None else hi - shift, r["ci_high"])
                chk.same(name, where, "p_value", None, r["p_value"])
            # the verdict, from medcode's own value and interval
            value, lo, hi = r["value"], r["ci_low"], r["ci_high"]
            if value is None:
                passed = False
            elif (mode or "point") == "interval" and lo is not None and lo - EPS <= value <= hi + EPS:
                passed = holds(hi, op, threshold) if op in (">=", ">") else holds(lo, op, threshold)
            else:
                passed = holds(value, op, threshold)
            chk.same(name, where, "passed", passed, r["passed"])
            all_passed &= bool(r["passed"])
            failed_rules += 0 if r["passed"] else 1
        chk.same(name, coder, "passed", complete and all_passed, c["passed"])
        verdicts.append("incomplete" if not complete else "pass" if all_passed else "fail")
        # regressed codes and admissions, at the exact level
        if base and base.kind in ("run", "file"):
            lost, gained = defaultdict(int), defaultdict(int)
            f1_run = admission_values(counts_of(E, "exact", both))["f1"]
            f1_base = admission_values(base.level_counts("exact", both))["f1"]
            regressed, improved = {}, 0
            for n, i in enumerate(both):
                now = set(E.gold[i]) & set(E.pred[i])
                was = base.found(i)
                for x in was - now: lost[x] += 1
                for x in now - was: gained[x] += 1
                if f1_run[n] < f1_base[n]:
                    regressed[i] = (f1_base[n], f1_run[n], sorted(was - now), sorted(now - was))
                elif f1_run[n] > f1_base[n]:
                    improved += 1
            codes = [x for x in lost if lost[x] > 0]
            chk.num(name, coder, "regressed_codes_total", len(codes), c["regressed_codes_total"], exact=True)
            listed = c["regressed_codes"]
            for x in listed:
                k = E.cs.canon(x["code"])
                chk.same(name, f"{coder} regressed code {x['code']}", "lost, gained", (lost.get(k, 0), gained.get(k, 0)),
                         (x["lost"], x["gained"]))
            chk.same(name, coder, "regressed codes listed", min(50, len(codes)), len(listed))
            # the largest net loss (lost - gained) first, then the most lost; codes of one key in any order
            order = lambda x: (-(lost[x] - gained[x]), -lost[x])
            keys = sorted(order(x) for x in codes)
            chk.same(name, coder, "regressed codes: net loss, then loss, of the first 50 in order", keys[:len(listed)],
                     [(-(x["lost"] - x["gained"]), -x["lost"]) for x in listed])
            chk.num(name, coder, "regressed_admissions_total", len(regressed), c["regressed_admissions_total"], exact=True)
            chk.num(name, coder, "improved_admissions_total", improved, c["improved_admissions_total"], exact=True)
            chk.num(name, coder, "paired_admissions", len(both), c["paired_admissions"], exact=True)
            falls = sorted(round(v[1] - v[0], 12) for v in regressed.values())   # the largest fall first
            chk.same(name, coder, "regressed admissions' falls of F1, in order", falls[:len(c["regressed_admissions"])],
                     [round(x["f1"] - x["f1_baseline"], 12) for x in c["regressed_admissions"]])
            for x in c["regressed_admissions"]:
                mine = regressed.get(x["admission_id"])
                if mine is None:
                    chk.same(name, f"{coder} regressed admission {x['admission_id']}", "regressed", False, True)
                    continue
                w = f"{coder} regressed admission {x['admission_id']}"
                chk.num(name, w, "f1_baseline", mine[0], x["f1_baseline"])
                chk.num(name, w, "f1", mine[1], x["f1"])
                chk.same(name, w, "lost, gained", (mine[2], mine[3]),
                         (sorted(E.cs.canon(y) for y in x["lost"]), sorted(E.cs.canon(y) for y in x["gained"])))
    chk.num(name, "", "rules", total_rules, g["rules"], exact=True)
    chk.num(name, "", "failed_rules", failed_rules, g["failed_rules"], exact=True)
    verdict = "incomplete" if "incomplete" in verdicts else "fail" if "fail" in verdicts else "pass"
    chk.same(name, "", "verdict, exit_code", (verdict, {"pass": 0, "fail": 1, "incomplete": 3}[verdict]),
             (g["verdict"], g["exit_code"]))


def main(argv):
    ap = argparse.ArgumentParser(prog="bench/recompute.sh", description=__doc__.split("\n\n")[0])
    ap.add_argument("run_dir", help="a run folder, one coder's subfolder, an evaluate folder, or a compare folder")
    ap.add_argument("--data-dir")
    ap.add_argument("--intervals", type=int, default=0, metavar="N", help="own bootstrap of N resamples")
    ap.add_argument("--interval-tolerance", type=float, default=0.5, metavar="T",
                    help="largest difference of an interval bound accepted at once, in standard deviations of the "
                         "metric's resampled values, for 1,000 resamples of medcode's and 1,000 own (scaled by "
                         "sqrt((1/R_medcode + 1/R_own) / 0.002) for others); default 0.5: the Monte-Carlo error of "
                         "a 2.5 %% percentile of 1,000 resamples is about 0.085 sd, of both bootstraps about 0.12 sd. "
                         "A bound further off is still accepted when medcode's resamples could have put it there: "
                         "the binomial chance, given the share of own resamples beyond it, above 1e-6")
    ap.add_argument("--permutations", type=int, default=10000, metavar="N",
                    help="(with --intervals, a compare or gate folder) rounds of the own approximate randomisation "
                         "that p-values are checked against (default 10000; 0: p-values not checked)")
    ap.add_argument("--code-table", metavar="FILE", help="(an evaluate folder scored with --code-table) that table")
    ap.add_argument("--strata-intervals", type=int, default=0, metavar="N",
                    help="strata.csv's intervals against an own bootstrap of N resamples per stratum (slow: a minute "
                         "or more per coder of CodiEsp dev at 1000)")
    ap.add_argument("--run", metavar="RUN_DIR", help="(a gate folder) the run it judged (default: gate.json's run)")
    ap.add_argument("--baseline", metavar="PATH", help="(a gate folder) its baseline (default: gate.json's baseline)")
    ap.add_argument("--a", metavar="FOLDER", help="(a compare folder) coder A: a coder's subfolder or evaluate folder")
    ap.add_argument("--b", metavar="FOLDER", help="(a compare folder) coder B")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    chk = Checker()
    try:
        if os.path.exists(os.path.join(args.run_dir, "gate.json")):
            check_gate(chk, args.run_dir, args.run, args.baseline, args.data_dir, args.intervals, args.permutations,
                       args.interval_tolerance)
        elif os.path.exists(os.path.join(args.run_dir, "comparison.csv")):
            if not (args.a and args.b):
                raise UsageError("a compare folder needs --a and --b, the two coders' folders it compared")
            a, b = Folder(args.a, args.data_dir), Folder(args.b, args.data_dir)
            if len(a.coders) != 1 or len(b.coders) != 1:
                raise UsageError("--a and --b each name one coder's subfolder of a run, or an evaluate folder")
            print(f"{os.path.abspath(args.run_dir)}: {a.path} vs {b.path}; {a.description}")
            check_compare(chk, args.run_dir, a, b, args.intervals, args.permutations, args.interval_tolerance)
        else:
            run = Folder(args.run_dir, args.data_dir, args.code_table)
            print(f"{run.path}: {run.description}")
            for folder, label, E in run.coders:
                summary_rows = None
                if run.run_summary and os.path.exists(run.run_summary):
                    summary_rows = [r for r in read_csv(run.run_summary) if r.get("coder") == label.rstrip("/")]
                adm, _ = check_coder(chk, folder, label, E, run.levels, run.train, summary_rows)
                if args.intervals:
                    check_intervals(chk, f"{label}summary.csv intervals", read_csv(f"{folder}/summary.csv"), E,
                                    run.levels, args.intervals, args.interval_tolerance, run.confidence,
                                    run.by_patient, run.resamples)
                if args.strata_intervals:
                    check_strata_intervals(chk, f"{label}strata.csv intervals", read_csv(f"{folder}/strata.csv"), E,
                                           run.levels, run.train, args.strata_intervals, args.interval_tolerance,
                                           run.confidence, run.by_patient, run.resamples)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for name, (n, worst) in chk.files.items():
        print(f"  {name:40s} {n:9,d} values checked, largest difference {worst:.3g}")
    total = sum(n for n, _ in chk.files.values())
    if total == 0:
        print("error: nothing was checked (no coder's tables found)", file=sys.stderr)
        return 2
    if chk.mismatches:
        print(f"DISAGREE: {len(chk.mismatches)} of {total:,} values; the first:")
        for line in chk.mismatches[:int(os.environ.get("RECOMPUTE_SHOW", "10"))]:
            print("  " + line)
        return 1
    print(f"all {total:,} values agree (point values within {TOL:g}"
          + (f"; interval bounds as own bootstraps of {max(args.intervals, args.strata_intervals):,} resamples "
             f"allow: {args.interval_tolerance:g} sd at 1,000 + 1,000 resamples, or a binomial chance above {BOUND_P:g})"
             if args.intervals or args.strata_intervals else ")"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
