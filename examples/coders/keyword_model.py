"""A keyword matcher: the smallest honest "model" for medcode's external-coder examples (Python standard library only).

Each rule is a regular expression over the note text and the ICD-10-CM code it stands for. The first match of a rule
is the code's evidence (character offsets into that note); codes are ranked by how early their evidence appears, and
the score says how many times the keyword occurs (more mentions, more confidence). Replace `code` with your model.
"""
import re

NAME = "keyword-matcher"
VERSION = "1.0"

RULES = [
    (r"\bfever\b|\bfebrile\b|\bpyrexia\b", "R50.9", "fever"),
    (r"\bhypertension\b|\bhypertensive\b", "I10", "hypertension"),
    (r"\btype 2 diabetes\b|\bdiabetes mellitus\b|\bdiabetic\b", "E11.9", "diabetes"),
    (r"\bcough(ing)?\b", "R05", "cough"),
    (r"\bdyspn(o)?ea\b|\bshortness of breath\b", "R06.00", "dyspnea"),
    (r"\bana?emia\b", "D64.9", "anaemia"),
    (r"\bpneumonia\b", "J18.9", "pneumonia"),
    (r"\bheadache\b|\bcephalea\b", "R51", "headache"),
    (r"\bvomit(ing|s)?\b", "R11.10", "vomiting"),
    (r"\bnausea\b", "R11.0", "nausea"),
    (r"\babdominal pain\b", "R10.9", "abdominal pain"),
    (r"\blymphadenopath(y|ies)\b", "R59.9", "lymphadenopathy"),
    (r"\bweight loss\b", "R63.4", "weight loss"),
    (r"\bhematuria\b|\bhaematuria\b", "R31.9", "hematuria"),
    (r"\bseizures?\b", "R56.9", "seizure"),
    (r"\basthenia\b|\bfatigue\b", "R53.83", "fatigue"),
    (r"\bjaundice\b", "R17", "jaundice"),
    (r"\bpleural effusion\b", "J91.8", "pleural effusion"),
    (r"\bchest pain\b", "R07.9", "chest pain"),
    (r"\bdiarrh(o)?ea\b", "R19.7", "diarrhoea"),
]
COMPILED = [(re.compile(pattern, re.IGNORECASE), code, label) for pattern, code, label in RULES]


def code(request):
    """The answer (medcode-coder/v1) for one request: the admission's id and its ranked codes."""
    found = []
    for note_index, note in enumerate(request.get("notes", [])):
        text = note.get("text", "")
        for pattern, icd, label in COMPILED:
            matches = list(pattern.finditer(text))
            if not matches or any(f["code"] == icd for f in found):
                continue
            first = matches[0]
            found.append({
                "code": icd,
                "score": round(1 - 0.5 ** len(matches), 4),
                "evidence": [{"note": note_index, "start": first.start(), "end": first.end(), "text": first.group(0)}],
                "rationale": "keyword '%s' (%d mention%s)" % (label, len(matches), "" if len(matches) == 1 else "s"),
                "_at": (note_index, first.start()),
            })
    found.sort(key=lambda f: f.pop("_at"))
    return {"id": request["id"], "codes": found, "model": {"name": NAME, "version": VERSION}}
