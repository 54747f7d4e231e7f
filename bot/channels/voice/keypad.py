"""The phone keypad: offered choices become "Drücken Sie 1 für …", a pressed key becomes a choice.

Keys 1–4 carry the reply's choices (a reply offers at most four). Two keys are fixed for the
whole call: 0 connects to a person (the region's hotline), * repeats the last prompt.
"""

from __future__ import annotations

import re

from bot.application.turns import Choice

CHOICE_KEYS = "1234"
HOTLINE_KEY = "0"
REPEAT_KEY = "*"


def key_map(choices: tuple[Choice, ...] | list[Choice]) -> dict[str, dict[str, str]]:
    """{"1": {"value": …, "label": …}, …}: kept with the call, so a key means what was offered."""
    return {key: {"value": c.value, "label": c.label} for key, c in zip(CHOICE_KEYS, choices)}


def choice_for(digits: str | None, keys: dict[str, dict[str, str]]) -> str | None:
    """The Choice.value a pressed key stands for, or None when that key offered nothing."""
    entry = keys.get((digits or "").strip().rstrip("#"))
    return entry["value"] if entry else None


def speakable(text: str) -> str:
    """Written forms a speech synthesiser stumbles over, in words: "9–13 Uhr", "12,90 €", "Nr."."""
    text = re.sub(r"(\d)\s*[–-]\s*(\d)", r"\1 bis \2", text)
    text = re.sub(r"(\d+),(\d{2})\s*€", lambda m: f"{m[1]} Euro {int(m[2])}" if int(m[2]) else f"{m[1]} Euro", text)
    text = re.sub(r"(\d+)\s*€", r"\1 Euro", text)
    text = text.replace("×", "mal").replace("&", "und")
    return " ".join(text.split())


def keypad_prompt(keys: dict[str, dict[str, str]]) -> str:
    """"Drücken Sie 1 für Ja, 2 für Nein." (sentences when the labels have commas of their own)."""
    if not keys:
        return ""
    labels = [(key, speakable(entry["label"]).rstrip(".")) for key, entry in sorted(keys.items())]
    if any("," in label for _key, label in labels):
        first_key, first_label = labels[0]
        rest = " ".join(f"{key} für {label}." for key, label in labels[1:])
        return f"Drücken Sie {first_key} für {first_label}. {rest}".strip()
    return "Drücken Sie " + ", ".join(f"{key} für {label}" for key, label in labels) + "."
