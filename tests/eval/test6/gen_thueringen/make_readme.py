#!/usr/bin/env python3
"""Writes ../README.md from gen/readme_template.md, filling in the generated parts:
the dialect tables (gen/dialect_words.py), the conversation list (thueringen_1.yml) and the
check output (gen/check_output.txt).
Order: make_catalog.py, make_conversations.py, check.py > check_output.txt, make_readme.py
"""
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from dialect_words import CONTENT, FUNCTION  # noqa: E402


def parts():
    d = yaml.safe_load(open(os.path.join(SET, "thueringen_1.yml"), encoding="utf-8"))
    convs = d["conversations"]
    conv_rows = []
    for c in convs:
        s = c["expect"].get("slot")
        b = "—" if not s else (s["kind"] + (" " + s["station"] if s["kind"] == "pickup" else ""))
        conv_rows.append(f"| `{c['id']}` | {c['channel']} | {b} | {', '.join(c['tags'])} |")

    def rows(lst):
        out = []
        for forms, meaning, exp, _mode in lst:
            ids = []
            for c in convs:
                txt = " ".join(t["say"].lower() for t in c["turns"])
                if any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", txt) for f in forms):
                    ids.append(c["id"].replace("thw-", ""))
            shown = ", ".join(ids[:4]) + (f" (+{len(ids) - 4})" if len(ids) > 4 else "")
            out.append(f"| {', '.join(forms)} | {meaning} | {exp} | {shown} |")
        return "\n".join(out)

    check_out = open(os.path.join(HERE, "check_output.txt"), encoding="utf-8").read().rstrip("\n")
    return {"CONTENT_TABLE": rows(CONTENT), "FUNCTION_TABLE": rows(FUNCTION),
            "CONVERSATIONS": "\n".join(conv_rows), "CHECK_OUTPUT": check_out}


if __name__ == "__main__":
    text = open(os.path.join(HERE, "readme_template.md"), encoding="utf-8").read()
    for k, v in parts().items():
        text = text.replace("{{" + k + "}}", v)
    assert "{{" not in text
    open(os.path.join(SET, "README.md"), "w", encoding="utf-8").write(text)
    print("wrote README.md")
