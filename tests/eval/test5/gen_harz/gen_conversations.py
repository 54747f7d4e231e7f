import os, sys
from datetime import datetime
from zoneinfo import ZoneInfo
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from conv_data import FILE1, FILE2
from yamlout import Dumper, dump
import yaml

TZ = ZoneInfo("Europe/Berlin")

def iso(local):
    return datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=TZ).isoformat()

def _str(dumper, s):
    import re
    if "\n" in s:
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")
    if re.match(r"^[0-9+\-.]", s) or s in ("yes", "no", "on", "off", "true", "false", "null", "y", "n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", s)
Dumper.add_representer(str, _str)

def build(c):
    cart = []
    for shop, prod, q in c["cart"]:
        if prod is None:
            cart.append({"shop": shop, "voucher": q})
        else:
            cart.append({"shop": shop, "product": prod, "quantity": q})
    exp = {"cart": cart}
    if c["slot"]:
        kind, local, station = c["slot"]
        sl = {"kind": kind, "start": iso(local)}
        if station:
            sl["station"] = station
        exp["slot"] = sl
    return {"id": c["id"], "channel": c["channel"], "now": iso(c["now"]), "customer": c["customer"],
            "tags": c["tags"], "turns": [{"say": t} for t in c["turns"]], "expect": exp}

for name, convs in (("harz_1.yml", FILE1), ("harz_2.yml", FILE2)):
    body = dump({"conversations": [build(c) for c in convs]}, default_flow_style=None)
    text = "format: kiepe-conversations/1\ncatalog: ../test5_catalogs/harz.yml\n" + body
    with open(os.path.join(HERE, "..", name), "w", encoding="utf-8") as f:
        f.write(text)
    print(name, len(convs), "conversations")
