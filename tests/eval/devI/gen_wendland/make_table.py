#!/usr/bin/env python3
"""Prints the README's conversation table (id, channel, now, booked window, tags)."""
import os
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
d = yaml.safe_load(open(os.path.join(ROOT, "wendland_1.yml"), encoding="utf-8"))
print("| id | channel | now | booked window | tags (what it tests) |")
print("|---|---|---|---|---|")
for c in d["conversations"]:
    s = c["expect"].get("slot")
    if s:
        b = f"{s['kind']} {s['start'][5:16].replace('T', ' ')}"
        if s["kind"] == "pickup":
            b += f" {s['station']}"
    else:
        b = "—"
    print(f"| `{c['id']}` | {c['channel']} | {c['now'][:16].replace('T', ' ')} | {b} | {', '.join(c['tags'])} |")
