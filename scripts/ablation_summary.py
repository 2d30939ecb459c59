#!/usr/bin/env python3
"""The ablation table from the crossval reports under OUT_DIR/GROUP/RECIPE/report.json (scripts/ablation.sh).

One row per (group, recipe, detection variant); per data set the cross-validated F1 (mean ± sd over folds), then the
training time per fold model and the detection time per megapixel. Usage: scripts/ablation_summary.py OUT_DIR
"""
import json
import pathlib
import sys

ORDER = ["paper", "dihedral", "stain", "intensity", "scale", "blur", "noise", "combined", "combined-diameter", "combined-diameter-image", "combined-diameter-by-image", "combined-diameter-by-image-sets", "paper-strides-tta"]


def main(root: pathlib.Path) -> None:
    reports = sorted(root.glob("*/*/report.json"), key=lambda p: (p.parent.parent.name, ORDER.index(p.parent.name) if p.parent.name in ORDER else 99, p.parent.name))
    sets = sorted({d["dataSet"] for p in reports for v in json.loads(p.read_text())["variants"] for d in v["dataSets"]})
    print("# Ablation: cross-validated F1 (mean ± sd over folds)\n")
    print("Each fold is scored at the peak radius and threshold chosen on the other folds (strict 5 px matching). "
          "Detection: s4 = stride 4, s8 = stride 8, -tta = maps of the 8 flips/rotations averaged. "
          "Training: seconds per fold model on this machine and the epochs each fold model ran; detection time: seconds per megapixel.\n")
    print("| group | recipe | detection | " + " | ".join(sets) + " | training s/fold | epochs run | detection s/MP |")
    print("|---|---|---|" + "---|" * len(sets) + "---|---|---|")
    for path in reports:
        report = json.loads(path.read_text())
        training = report["trainingSeconds"]
        # Under a time budget the epochs a fold model gets depend on the machine's load: they are shown beside the scores.
        epochs = ", ".join(str(f["epochsRun"]) for f in report.get("folds", []))
        for variant in report["variants"]:
            scores = {d["dataSet"]: d["f1"] for d in variant["dataSets"]}
            cells = [f"{scores[s]['mean']:.3f} ± {scores[s]['standardDeviation']:.3f}" if s in scores else "" for s in sets]
            print(f"| {path.parent.parent.name} | {path.parent.name} | {variant['variant']} | " + " | ".join(cells)
                  + f" | {training['mean']:.0f} ± {training['standardDeviation']:.0f} | {epochs} | {variant['secondsPerMegapixel']:.3f} |")
    print_gains(reports, sets)


def print_gains(reports, sets) -> None:
    """Each recipe against the paper's in the same group and detection variant. The folds are the same images for every
    recipe (same seed), so the comparison is paired: the mean over folds of the per-fold F1 difference, with its standard
    deviation, marked * where the mean is larger than that deviation and every fold moves the same way."""
    scores = {}
    for path in reports:
        for variant in json.loads(path.read_text())["variants"]:
            scores[(path.parent.parent.name, path.parent.name, variant["variant"])] = {d["dataSet"]: d["foldF1"] for d in variant["dataSets"]}
    # Other detections of the paper's own models (paper-*) are not recipes to compare.
    rows = [(g, r, v) for (g, r, v) in scores if not r.startswith("paper") and (g, "paper", v) in scores]
    if not rows:
        return
    print("\n## Against the paper's recipe (paired by fold)\n")
    print("Per data set: the mean over folds of (recipe F1 - `paper` F1) on the same held-out images, ± the standard deviation "
          "of those differences; * where every fold moves the same way and the mean is larger than the deviation.\n")
    print("| group | recipe | detection | " + " | ".join(sets) + " |")
    print("|---|---|---|" + "---|" * len(sets))
    for g, r, v in rows:
        base, here = scores[(g, "paper", v)], scores[(g, r, v)]
        cells = []
        for s in sets:
            if s not in here or s not in base or len(here[s]) != len(base[s]):
                cells.append("")
                continue
            differences = [a - b for a, b in zip(here[s], base[s])]
            mean = sum(differences) / len(differences)
            sd = (sum((d - mean) ** 2 for d in differences) / len(differences)) ** 0.5
            consistent = all(d > 0 for d in differences) or all(d < 0 for d in differences)
            cells.append(f"{mean:+.3f} ± {sd:.3f}{' *' if consistent and abs(mean) > sd else ''}")
        print(f"| {g} | {r} | {v} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]))
