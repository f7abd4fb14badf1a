#!/usr/bin/env python3
"""Writes a synthetic, MIMIC-IV-shaped folder (hosp/, icu/, note/) for the loader benchmark and local study runs.

Only the layout and the sizes are MIMIC's; every value is invented (deterministic, seeded), no MIMIC data is used.
Defaults are about MIMIC-IV 2.2 + MIMIC-IV-Note 2.2: 430,000 admissions, ~4.7 M diagnosis rows (ICD-9 for the first
55% of admissions, ICD-10 after), ~670 k procedure rows, ~73 k ICU stays, 300,000 discharge notes of ~8,300 characters
(~2.5 GB uncompressed), gzip level 1; hosp/d_icd_diagnoses and d_icd_procedures list every code the folder may use.

usage: bench/mimic_synth.py OUT_DIR [--admissions N] [--notes N] [--chars N]
"""
import argparse
import gzip
import os
import random

WORDS = ("patient admitted with chest pain shortness of breath fever cough history of hypertension diabetes mellitus "
         "chronic kidney disease atrial fibrillation on warfarin presented to the emergency department vitals stable "
         "labs notable for elevated troponin creatinine lactate started on antibiotics heparin drip cardiology consulted "
         "echocardiogram showed reduced ejection fraction discharged home with services follow up with primary care "
         "physician medications lisinopril metoprolol atorvastatin aspirin insulin glargine furosemide").split()


def paragraphs(rng, n):
    out = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 160))]
        text = " ".join(words).capitalize() + "."
        if i % 3 == 0:
            text += ' Patient said "I feel better, thanks", and was discharged.'
        out.append(text)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--admissions", type=int, default=430_000)
    parser.add_argument("--notes", type=int, default=300_000)
    parser.add_argument("--chars", type=int, default=8_300, help="mean note length")
    args = parser.parse_args()
    rng = random.Random(20261127)
    for module in ("hosp", "icu", "note"):
        os.makedirs(os.path.join(args.out, module), exist_ok=True)
    first = 20_000_000
    hadms = [first + i * 7 for i in range(args.admissions)]
    subject = lambda h: 10_000_000 + (h - first) // 14
    nine = int(args.admissions * 0.55)
    icd9 = ["%03d%d" % (rng.randint(1, 999), rng.randint(0, 9)) for _ in range(3000)]
    icd10 = ["%s%02d%d" % (chr(65 + rng.randint(0, 25)), rng.randint(0, 99), rng.randint(0, 9)) for _ in range(6000)]
    pcs9 = ["%02d%02d" % (rng.randint(0, 99), rng.randint(0, 99)) for _ in range(1500)]
    pcs10 = ["0%s%s%sZZZ" % (rng.choice("DBFJ"), rng.choice("0123456789"), rng.choice("ABCDT")) for _ in range(3000)]

    def gz(name):
        return gzip.open(os.path.join(args.out, name), "wt", compresslevel=1, encoding="utf-8", newline="")

    with gz("hosp/admissions.csv.gz") as f:
        f.write("subject_id,hadm_id,admittime,dischtime,deathtime,admission_type,admit_provider_id,admission_location,"
                "discharge_location,insurance,language,marital_status,race,edregtime,edouttime,hospital_expire_flag\n")
        for h in hadms:
            f.write("%d,%d,2150-01-01 10:00:00,2150-01-05 12:00:00,,EW EMER.,P00000,EMERGENCY ROOM,HOME,Medicare,ENGLISH,"
                    "MARRIED,WHITE,,,0\n" % (subject(h), h))
    with gz("hosp/diagnoses_icd.csv.gz") as f, gz("hosp/procedures_icd.csv.gz") as p:
        f.write("subject_id,hadm_id,seq_num,icd_code,icd_version\n")
        p.write("subject_id,hadm_id,seq_num,chartdate,icd_code,icd_version\n")
        for i, h in enumerate(hadms):
            version = 9 if i < nine else 10
            pool = icd9 if version == 9 else icd10
            for seq in range(1, rng.randint(2, 20) + 1):
                f.write("%d,%d,%d,%s,%d\n" % (subject(h), h, seq, rng.choice(pool), version))
            if rng.random() < 0.45:
                ppool = pcs9 if version == 9 else pcs10
                for seq in range(1, rng.randint(1, 5) + 1):
                    p.write("%d,%d,%d,2150-01-02,%s,%d\n" % (subject(h), h, seq, rng.choice(ppool), version))
    with gz("icu/icustays.csv.gz") as f:
        f.write("subject_id,hadm_id,stay_id,first_careunit,last_careunit,intime,outtime,los\n")
        stay = 30_000_000
        for h in hadms:
            if rng.random() < 0.17:
                stay += 1
                f.write("%d,%d,%d,Medical Intensive Care Unit (MICU),Medical Intensive Care Unit (MICU),"
                        "2150-01-02 10:00:00,2150-01-03 10:00:00,1.0\n" % (subject(h), h, stay))
    pool = paragraphs(rng, 4000)
    total = 0
    noted = sorted(rng.sample(hadms, args.notes))
    with gz("note/discharge.csv.gz") as f:
        f.write("note_id,subject_id,hadm_id,note_type,note_seq,charttime,storetime,text\n")
        for h in noted:
            target = max(500, int(rng.gauss(args.chars, args.chars * 0.4)))
            parts = [" \nName:  ___   Unit No:   ___\n \nAdmission Date:  ___   Discharge Date:   ___\n \n"]
            size = len(parts[0])
            while size < target:
                para = pool[rng.randrange(len(pool))]
                parts.append(para)
                parts.append("\n \n")
                size += len(para) + 3
            text = "".join(parts).replace('"', '""')
            total += size
            f.write('%d-DS-%d,%d,%d,DS,%d,2150-01-05 00:00:00,2150-01-05 12:00:00,"%s"\n' % (subject(h), h, subject(h), h, 1,
                                                                                          text))
    # the dictionaries (d_icd_diagnoses, d_icd_procedures) list every code used, as MIMIC's do, so that configs with
    # codeSystem dictionary: dataset (configs/studies/gpt41-mimic4-icu.yaml) run on this folder; written last and
    # without the random generator, so every other file is as before
    for name, pools in (("d_icd_diagnoses", ((icd9, 9), (icd10, 10))), ("d_icd_procedures", ((pcs9, 9), (pcs10, 10)))):
        with gz("hosp/%s.csv.gz" % name) as f:
            f.write("icd_code,icd_version,long_title\n")
            for codes, version in pools:
                for code in sorted(set(codes)):
                    f.write("%s,%d,Synthetic ICD-%d code %s\n" % (code, version, version, code))
    print("wrote %s: %d admissions, %d notes, %.2f GB of note text" % (args.out, len(hadms), len(noted), total / 1e9))


if __name__ == "__main__":
    main()
