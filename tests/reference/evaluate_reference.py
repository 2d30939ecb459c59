#!/usr/bin/python3
"""Independent reference for `celldetect evaluate` (see docs/evaluation.md); used by EvaluateCommandTests.

    /usr/bin/python3 tests/reference/evaluate_reference.py --truth DIR --detections DIR [--radius 5] [--rule strict|paper]

Prints one JSON object with the same top-level keys as `celldetect evaluate --json`:
precision, recall, f1, tp, fp, fn, ed {mean, std, count}, en {mean, std, count}, images [...].
Needs Debian's python3-numpy and python3-scipy (apt-get install -y python3-numpy python3-scipy).

Written from the rules, not from the C# code:
  strict: scipy.optimize.linear_sum_assignment on the full truth x detection matrix; a pair within the radius
          (dx^2 + dy^2 <= r^2) costs its distance, any other pair a constant BIG > (min(n, m) + 1) * r, so that the
          optimum first maximises the number of pairs within the radius, then minimises their total distance;
          only pairs within the radius are counted.
  paper:  a plain loop: each detection is a TP if its nearest annotation (first on ties) is within the radius;
          annotations that no TP chose are FN.
Empty denominators: precision = 1 with no detections, recall = 1 with no annotations, F1 = 0 when P + R = 0.
Ed: mean/std (population) of the TP distances over all images; En: |TP - #annotations| per image, mean/std over images.
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment


def read_points(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    header = [h.strip().lower() for h in rows[0]]
    ix, iy = header.index("x"), header.index("y")
    isc = header.index("score") if "score" in header else None
    pts = []
    for r in rows[1:]:
        score = float(r[isc]) if isc is not None and r[isc].strip() else 1.0
        pts.append((float(r[ix]), float(r[iy]), score))
    return pts


def match_strict(truth, dets, radius):
    if not truth or not dets:
        return []
    t = np.array([(p[0], p[1]) for p in truth], dtype=np.float64)
    d = np.array([(p[0], p[1]) for p in dets], dtype=np.float64)
    dx = t[:, None, 0] - d[None, :, 0]
    dy = t[:, None, 1] - d[None, :, 1]
    sq = dx * dx + dy * dy
    allowed = sq <= radius * radius
    dist = np.sqrt(sq)
    big = (min(len(truth), len(dets)) + 1) * max(radius, 1.0) + 1.0
    cost = np.where(allowed, dist, big)
    rows, cols = linear_sum_assignment(cost)
    return [(int(c), int(r), float(dist[r, c])) for r, c in zip(rows, cols) if allowed[r, c]]


def match_paper(truth, dets, radius):
    matches = []
    for j, (x, y, _) in enumerate(dets):
        best, best_sq = -1, math.inf
        for i, (tx, ty, _) in enumerate(truth):
            sq = (x - tx) * (x - tx) + (y - ty) * (y - ty)
            if sq < best_sq:
                best, best_sq = i, sq
        if best >= 0 and best_sq <= radius * radius:
            matches.append((j, best, math.sqrt(best_sq)))
    return matches


def scores(tp, fp, fn):
    p = 1.0 if tp + fp == 0 else tp / (tp + fp)
    r = 1.0 if tp + fn == 0 else tp / (tp + fn)
    f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return p, r, f1


def mean_std(values):
    if not values:
        return {"mean": None, "std": None, "count": 0}
    a = np.array(values, dtype=np.float64)
    return {"mean": float(a.mean()), "std": float(a.std()), "count": len(values)}


def csvs(folder):
    return {os.path.splitext(n)[0]: os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".csv")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", required=True)
    ap.add_argument("--detections", required=True)
    ap.add_argument("--radius", type=float, default=5.0)
    ap.add_argument("--rule", choices=["strict", "paper"], default="strict")
    args = ap.parse_args()
    truth_files, det_files = csvs(args.truth), csvs(args.detections)
    images, distances, count_errors = [], [], []
    TP = FP = FN = 0
    for name in sorted(truth_files):
        truth = read_points(truth_files[name])
        dets = read_points(det_files[name]) if name in det_files else []
        match = match_strict if args.rule == "strict" else match_paper
        m = match(truth, dets, args.radius)
        tp = len(m)
        fp = len(dets) - tp
        fn = len(truth) - len({t for _, t, _ in m})
        p, r, f1 = scores(tp, fp, fn)
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        distances += [dd for _, _, dd in m]
        count_errors.append(abs(tp - len(truth)))
        images.append({"name": name, "truth": len(truth), "detections": len(dets), "tp": tp, "fp": fp, "fn": fn,
                       "precision": p, "recall": r, "f1": f1, "en": abs(tp - len(truth))})
    p, r, f1 = scores(TP, FP, FN)
    json.dump({"rule": args.rule, "radius": args.radius, "precision": p, "recall": r, "f1": f1,
               "tp": TP, "fp": FP, "fn": FN, "ed": mean_std(distances), "en": mean_std(count_errors),
               "images": images}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
