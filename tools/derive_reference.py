"""Derive data/reference/*.csv from the shared public sources (run by hand when they change)."""

import csv
import shutil
import sys
from pathlib import Path

KIND_BY_CODE_DIGIT = {"0": "居委会", "2": "村委会", "5": "林场生活区"}
OFFICIAL_NAMES = {"深渡水乡": "深渡水瑶族乡"}


def main(shared: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(shared / "townships.csv", encoding="utf-8") as f:
        towns = list(csv.DictReader(f))
    with open(out / "townships.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["township_code", "name", "kind", "lon", "lat", "coord_source"])
        for t in towns:
            kind = "民族乡" if t["kind"].startswith("民族乡") else "镇"
            w.writerow([t["code"], OFFICIAL_NAMES.get(t["name"], t["name"]), kind,
                        t["lon"], t["lat"], t["coord_source"]])
    with open(shared / "villages.csv", encoding="utf-8") as f:
        villages = list(csv.DictReader(f))
    with open(out / "villages.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["village_code", "township_code", "name", "kind", "urban_rural_class",
                    "lon", "lat", "coord_source"])
        for v in villages:
            w.writerow([v["code"], v["township_code"], v["name"], KIND_BY_CODE_DIGIT[v["code"][9]],
                        v["urban_rural_class"], v["lon"], v["lat"], v["coord_source"]])
    shutil.copy(shared / "county-outline.geojson", out / "county-outline.geojson")


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data",
         root / "data" / "reference")
