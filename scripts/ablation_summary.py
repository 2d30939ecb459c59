#!/usr/bin/env python3
"""The ablation table from the crossval reports under OUT_DIR/GROUP/RECIPE/report.json (scripts/ablation.sh).

One row per (group, recipe, detection variant); per data set the cross-validated F1 (mean ± sd over folds), then the
training time per fold model and the detection time per megapixel. Usage: scripts/ablation_summary.py OUT_DIR
"""
import json
import pathlib
import sys

ORDER = ["paper", "dihedral", "stain", "intensity", "scale", "blur", "noise", "combined", "combined-diameter"]


def main(root: pathlib.Path) -> None:
    reports = sorted(root.glob("*/*/report.json"), key=lambda p: (p.parent.parent.name, ORDER.index(p.parent.name) if p.parent.name in ORDER else 99, p.parent.name))
    sets = sorted({d["dataSet"] for p in reports for v in json.loads(p.read_text())["variants"] for d in v["dataSets"]})
    print("# Ablation: cross-validated F1 (mean ± sd over folds)\n")
    print("Each fold is scored at the peak radius and threshold chosen on the other folds (strict 5 px matching). "
          "Detection: s4 = stride 4, s8 = stride 8, -tta = maps of the 8 flips/rotations averaged. "
          "Training: seconds per fold model on this machine; detection time: seconds per megapixel.\n")
    print("| group | recipe | detection | " + " | ".join(sets) + " | training s/fold | detection s/MP |")
    print("|---|---|---|" + "---|" * len(sets) + "---|---|")
    for path in reports:
        report = json.loads(path.read_text())
        training = report["trainingSeconds"]
        for variant in report["variants"]:
            scores = {d["dataSet"]: d["f1"] for d in variant["dataSets"]}
            cells = [f"{scores[s]['mean']:.3f} ± {scores[s]['standardDeviation']:.3f}" if s in scores else "" for s in sets]
            print(f"| {path.parent.parent.name} | {path.parent.name} | {variant['variant']} | " + " | ".join(cells)
                  + f" | {training['mean']:.0f} ± {training['standardDeviation']:.0f} | {variant['secondsPerMegapixel']:.3f} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]))
