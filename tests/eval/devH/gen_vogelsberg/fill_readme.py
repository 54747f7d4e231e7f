"""Builds ../README.md from README.template.md, the word table in dialect_words.py and the
saved check output. Run after: python3 gen/check.py > gen/check_output.txt"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from dialect_words import WORDS  # noqa: E402

with open(os.path.join(HERE, "README.template.md"), encoding="utf-8") as f:
    text = f.read()
rows = "\n".join(f"| {forms} | {meaning} | {exp} | {mode} |" for _t, forms, meaning, exp, mode in WORDS)
with open(os.path.join(HERE, "check_output.txt"), encoding="utf-8") as f:
    check = f.read().rstrip("\n")
text = text.replace("@@WORDS@@", rows).replace("@@CHECK@@", check)
with open(os.path.join(HERE, "..", "README.md"), "w", encoding="utf-8") as f:
    f.write(text)
print("wrote README.md")
