"""Translation helper for developers (run with the project's python after `make messages`).

    .venv/bin/python scripts/po.py missing [PATH_FRAGMENT]   untranslated or fuzzy English entries, as JSON
    .venv/bin/python scripts/po.py apply FILE.json           fill English msgstrs from a JSON list of entries (or {msgid: English})
    .venv/bin/python scripts/po.py merge OTHER.po ...        take the translations another copy of the .po has

`missing` prints a list of {"msgctxt", "msgid", "msgid_plural", "en", "en_plural", "where"}; fill "en" (and
"en_plural" for plural forms) and give the file to `apply`. PATH_FRAGMENT keeps only the entries whose source
references contain it (e.g. `sangtao/honours`). `merge` helps after two branches both translated: run
`make messages`, then merge the other branch's .po so nothing translated is lost.
"""

import json
import sys
from pathlib import Path

import polib

EN_PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def key(entry):
    return (entry.msgctxt, entry.msgid)


def missing(fragment=None):
    po = polib.pofile(str(EN_PO))
    rows = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        done = entry.msgstr_plural and all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr
        if done and "fuzzy" not in entry.flags:
            continue
        where = [f"{path}:{line}" for path, line in entry.occurrences]
        if fragment and not any(fragment in w for w in where):
            continue
        rows.append(
            {
                "msgctxt": entry.msgctxt,
                "msgid": entry.msgid,
                "msgid_plural": entry.msgid_plural or None,
                "en": "",
                "en_plural": "" if entry.msgid_plural else None,
                "where": where[:3],
            }
        )
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    print()


def _fill(entry, en, en_plural=None):
    if entry.msgid_plural:
        entry.msgstr_plural = {0: en, 1: en_plural or en}
    else:
        entry.msgstr = en
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None


def apply(path):
    po = polib.pofile(str(EN_PO))
    index = {key(e): e for e in po}
    filled = unknown = 0
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(rows, dict):  # the short form {msgid: English}
        rows = [{"msgid": msgid, "en": en} for msgid, en in rows.items()]
    for row in rows:
        entry = index.get((row.get("msgctxt"), row["msgid"]))
        if entry is None or not row.get("en"):
            unknown += 1
            continue
        _fill(entry, row["en"], row.get("en_plural"))
        filled += 1
    po.save()
    print(f"filled {filled}, skipped {unknown}")


def merge(*others):
    po = polib.pofile(str(EN_PO))
    index = {key(e): e for e in po}
    filled = 0
    for other in others:
        for theirs in polib.pofile(other):
            ours = index.get(key(theirs))
            if ours is None or "fuzzy" in theirs.flags:
                continue
            ours_done = all(ours.msgstr_plural.values()) if ours.msgid_plural else ours.msgstr
            if ours_done and "fuzzy" not in ours.flags:
                continue
            if theirs.msgid_plural and all(theirs.msgstr_plural.values()):
                _fill(ours, theirs.msgstr_plural[0], theirs.msgstr_plural.get(1))
                filled += 1
            elif not theirs.msgid_plural and theirs.msgstr:
                _fill(ours, theirs.msgstr)
                filled += 1
    po.save()
    print(f"filled {filled}")


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "missing":
        missing(*args)
    elif command == "apply":
        apply(*args)
    elif command == "merge":
        merge(*args)
    else:
        print(__doc__)
