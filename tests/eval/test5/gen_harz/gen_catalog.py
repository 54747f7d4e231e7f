import os, sys
sys.path.insert(0, os.path.dirname(__file__))
from catalog_data import HEADER, REGION, SHOPS
out = os.path.join(os.path.dirname(__file__), "..", "harz.yml")
from yamlout import dump
body = dump({"format": "kiepe-catalog/1", "region": REGION, "shops": SHOPS}, default_flow_style=None)
with open(out, "w", encoding="utf-8") as f:
    f.write(HEADER + body)
n = sum(len(s.get("products", [])) for s in SHOPS)
print("catalog written:", len(SHOPS), "shops,", n, "products")
