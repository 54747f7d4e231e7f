#!/usr/bin/env python3
"""Writes ../sauerland_1.yml (kiepe-conversations/1) from conversations_data.py."""
import json, os, sys
from datetime import datetime
from zoneinfo import ZoneInfo
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from conversations_data import C

TZ = ZoneInfo("Europe/Berlin")
def iso(local):  # "YYYY-MM-DDTHH:MM" local -> ISO with the right offset
    dt = datetime.fromisoformat(local).replace(tzinfo=TZ)
    return dt.isoformat(timespec="seconds")
q = lambda s: json.dumps(s, ensure_ascii=False)

L = ["format: kiepe-conversations/1", "catalog: ../devG_catalogs/sauerland.yml", "conversations:"]
for c in C:
    L.append(f"  - id: {c['id']}")
    L.append(f"    channel: {c['channel']}")
    L.append(f"    now: {q(iso(c['now']))}")
    cu = c["customer"]
    parts = [f"name: {q(cu['name'])}", f"phone: {q(cu['phone'])}", f"municipality: {cu['municipality']}"]
    if "street" in cu:
        parts.append(f"street: {q(cu['street'])}")
    L.append("    customer: {" + ", ".join(parts) + "}")
    L.append("    tags: [" + ", ".join(c["tags"]) + "]")
    L.append("    turns:")
    for t in c["turns"]:
        L.append(f"      - say: {q(t)}")
    L.append("    expect:")
    L.append("      cart:")
    for shop, prod, qty in c["cart"]:
        if prod == "voucher":
            L.append(f"        - {{shop: {shop}, voucher: {q(qty)}}}")
        else:
            L.append(f"        - {{shop: {shop}, product: {prod}, quantity: {q(qty)}}}")
    if c["slot"]:
        s = c["slot"]
        if s[0] == "delivery":
            L.append(f"      slot: {{kind: delivery, start: {q(iso(s[1]))}}}")
        else:
            L.append(f"      slot: {{kind: pickup, start: {q(iso(s[1]))}, station: {s[2]}}}")
out = os.path.join(HERE, "..", "sauerland_1.yml")
open(out, "w").write("\n".join(L) + "\n")
print("wrote", out, len(C), "conversations")
