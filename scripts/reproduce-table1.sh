#!/usr/bin/env bash
# Reproduces Xie et al. (MICCAI 2015) Table 1 on the validation split of each data set: the LoG baseline, the
# structured-regression model at strides 1, 5 and its default (4), and the PWC/PWR variants when their model files exist.
# Writes OUT_DIR/<set>/{train,val} (the split `celldetect train` validated on: seed 1, fraction 0.2), detections,
# evaluations and PR curves per method, and OUT_DIR/summary.md (one table per data set).
#
# Usage: scripts/reproduce-table1.sh [SET ...]      (default: crchisto bm_graz fluo_huh7_hepg2 vgg_cells)
# Environment (defaults in brackets):
#   CELLDETECT_CLI   command that runs the CLI [./celldetect, which builds as needed], e.g. "dotnet runs/bin/celldetect.dll"
#   CELLDETECT_DATA  data root with <set>/train [../shared/data]
#   MODEL_DIR        where he-nuclei[-pwc|-pwr].cdmodel and fluorescence-nuclei[-pwc|-pwr].cdmodel are [runs]
#   OUT_DIR          results [runs/table1]
#   SR_STRIDES       strides for the structured-regression model ["1 5 4"]
#   METHODS          which rows to (re)compute: any of log, sr, pw ["log sr pw"]; other rows keep their old results
#   BF16_STRIDE      stride of an extra SR row run with --precision bfloat16; empty to skip [4]
#   PW_STRIDE        stride for the PWC/PWR models; their map is the centre-pixel prediction, so 1 is dense [1]
#   SWEEP_THRESHOLD  detection threshold for the PR-curve runs [0.05, or the model's threshold if lower]
#   SPLIT_LINK       symbolic|hard|copy for `celldetect split` [symbolic]
#   SEED, VAL_FRACTION  the split; must equal the training run's [1, 0.2]
#
# Each (model, stride) is detected ONCE at the low sweep threshold (timed: the "in N s" per image that detect prints,
# i.e. inference without start-up and model loading); the P/R/F1 row at the model's own threshold keeps the peaks with
# score > threshold, which is what detect at that threshold finds (peaks are local maxima whatever the threshold;
# scores in the CSV are rounded to 4 decimals). The PR curve sweeps the low-threshold peaks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
read -r -a cli <<< "${CELLDETECT_CLI:-$root/celldetect}"
data="${CELLDETECT_DATA:-$root/../shared/data}"
models="${MODEL_DIR:-runs}"
out="${OUT_DIR:-runs/table1}"
sr_strides="${SR_STRIDES:-1 5 4}"
pw_stride="${PW_STRIDE:-1}"
bf16_stride="${BF16_STRIDE-4}"
methods=" ${METHODS:-log sr pw} "
sweep="${SWEEP_THRESHOLD:-0.05}"
link="${SPLIT_LINK:-symbolic}"
seed="${SEED:-1}"
fraction="${VAL_FRACTION:-0.2}"
if (($# > 0)); then sets=("$@"); else sets=(crchisto bm_graz fluo_huh7_hepg2 vgg_cells); fi
mkdir -p "$out"
manifest="$out/manifest.tsv"   # set, method, row evaluation, PR evaluation, seconds per image, note
# A full run starts a new manifest; a METHODS run appends, and the summary keeps the last row per (set, method).
[[ -z "${METHODS:-}" ]] && : > "$manifest"

meta() { # MODEL KEY: one field of the model file's metadata.json
  python3 - "$1" "$2" <<'PY'
import json, sys, zipfile
print(json.loads(zipfile.ZipFile(sys.argv[1]).read("metadata.json"))[sys.argv[2]])
PY
}

keep_above() { # SRC_DIR DST_DIR THRESHOLD: NAME.csv rows with score > threshold
  python3 - "$1" "$2" "$3" <<'PY'
import csv, os, sys
src, dst, threshold = sys.argv[1], sys.argv[2], float(sys.argv[3])
os.makedirs(dst, exist_ok=True)
for name in sorted(os.listdir(src)):
    if not name.endswith(".csv"):
        continue
    with open(os.path.join(src, name), newline="") as f:
        rows = list(csv.reader(f))
    score = [h.strip().lower() for h in rows[0]].index("score")
    with open(os.path.join(dst, name), "w", newline="") as f:
        f.write(",".join(rows[0]) + "\n")
        for row in rows[1:]:
            if row and float(row[score]) > threshold:
                f.write(",".join(row) + "\n")
PY
}

evaluate() { # SET LABEL ROW_DIR PR_DIR SECONDS NOTE
  local set=$1 label=$2 rows=$3 pr=$4 seconds=$5 note=$6 dir="$out/$1"
  mkdir -p "$dir/eval" "$dir/pr"
  "${cli[@]}" evaluate --truth "$dir/val" --detections "$rows" --json > "$dir/eval/$label.json"
  "${cli[@]}" evaluate --truth "$dir/val" --detections "$pr" --json --pr-curve "$dir/pr/$label" > "$dir/eval/$label.pr.json"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$label" "$dir/eval/$label.json" "$dir/eval/$label.pr.json" "$seconds" "$note" >> "$manifest"
  echo "  $label: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("P %.3f R %.3f F1 %.3f" % (d["precision"], d["recall"], d["f1"]))' "$dir/eval/$label.json")"
}

detect() { # SET LABEL MODEL STRIDE [DETECT OPTIONS...]: one low-threshold run, the thresholded row derived from it
  local set=$1 label=$2 model=$3 stride=$4 dir="$out/$1" threshold low log
  shift 4
  threshold=$(meta "$model" threshold)
  low=$(python3 -c "import sys; print(min(float(sys.argv[1]), float(sys.argv[2])))" "$sweep" "$threshold")
  log="$dir/det/$label.log"
  mkdir -p "$dir/det"
  rm -rf "$dir/det/$label" "$dir/det/$label-all"
  if ! "${cli[@]}" detect "$dir/val" --model "$model" --stride "$stride" --threshold "$low" --out "$dir/det/$label-all" "$@" > "$log" 2>&1; then
    echo "  $label: detect failed, see $log" >&2
    printf '%s\t%s\t\t\t\t%s\n' "$set" "$label" "detect failed ($log)" >> "$manifest"
    return 0
  fi
  local seconds
  seconds=$(python3 -c '
import re, sys
t = [float(m) for m in re.findall(r" in ([0-9.]+) s -> ", open(sys.argv[1]).read())]
print("%.3f" % (sum(t) / len(t)) if t else "")' "$log")
  keep_above "$dir/det/$label-all" "$dir/det/$label" "$threshold"
  evaluate "$set" "$label" "$dir/det/$label" "$dir/det/$label-all" "$seconds" "$(basename "$model"), stride $stride, threshold $threshold (PR from $low) $*"
}

for set in "${sets[@]}"; do
  dir="$out/$set"
  echo "== $set"
  "${cli[@]}" split --images "$data/$set/train" --out "$dir" --val-fraction "$fraction" --seed "$seed" --link "$link"

  # LoG baseline: tuned on the training split, detected on the validation split.
  mkdir -p "$dir/det"
  [[ "$methods" == *" log "* ]] && {
  "${cli[@]}" baseline-log --train "$dir/train" --images "$dir/val" --out "$dir/det/LoG" --json > "$dir/det/LoG.json"
  read -r seconds note < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["seconds_per_image"], "sigma %g, polarity %s, threshold %.4f, training F1 %.3f" % (d["sigma"], d["polarity"], d["threshold"], d["training"]["f1"]))' "$dir/det/LoG.json")
  evaluate "$set" LoG "$dir/det/LoG" "$dir/det/LoG/all-peaks" "$seconds" "$note"
  }

  case "$set" in
    crchisto|bm_graz) family=he-nuclei ;;
    *) family=fluorescence-nuclei ;;
  esac
  if [[ "$methods" != *" sr "* ]]; then
    :
  elif [[ -f "$models/$family.cdmodel" ]]; then
    default_stride=$(meta "$models/$family.cdmodel" stride)
    for stride in $sr_strides; do
      label="SR-$stride"
      [[ "$stride" == "$default_stride" ]] && label="SR-$stride-default"
      detect "$set" "$label" "$models/$family.cdmodel" "$stride" --precision float32
    done
    [[ -n "$bf16_stride" ]] && detect "$set" "SR-$bf16_stride-bf16" "$models/$family.cdmodel" "$bf16_stride" --precision bfloat16
  else
    echo "  no $models/$family.cdmodel: SR rows skipped" >&2
  fi
  for variant in pwc pwr; do
    if [[ "$methods" == *" pw "* && -f "$models/$family-$variant.cdmodel" ]]; then
      detect "$set" "${variant^^}-$pw_stride" "$models/$family-$variant.cdmodel" "$pw_stride" --precision float32
    fi
  done
done

# The summary: one table per data set run now; sections of sets run earlier are kept from the old summary.md.
python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
rows = {}
for line in open(os.path.join(out, "manifest.tsv")):
    s, label, row, pr, seconds, note = line.rstrip("\n").split("\t")
    rows.setdefault(s, {})[label] = (row, pr, seconds, note)
summary = os.path.join(out, "summary.md")
# Keep the sections of sets not run this time.
old = {}
if os.path.exists(summary):
    current = None
    for line in open(summary):
        if line.startswith("## "):
            current = line[3:].strip()
            old[current] = []
        if current:
            old[current].append(line)
def f(v, fmt="%.3f"):
    return "-" if v is None else fmt % v
def ms(d):
    return "-" if d["mean"] is None else "%.2f ± %.2f" % (d["mean"], d["std"])
sections = {}
for s, methods in rows.items():
    lines = ["## %s\n" % s, "\n"]
    n = None
    body = []
    for label, (row, pr, seconds, note) in methods.items():
        if not row:
            body.append("| %s | | | | | | | | | %s |\n" % (label, note))
            continue
        r, p = json.load(open(row)), json.load(open(pr))
        n = len(r["images"])
        curve = p.get("pr_curve") or {}
        png = os.path.relpath(curve["png"], out) if curve.get("png") else None
        body.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
            label, f(r["precision"]), f(r["recall"]), f(r["f1"]), ms(r["ed"]), ms(r["en"]),
            "-" if not curve else "%.3f @ %s" % (curve["best_f1"], f(curve.get("best_threshold"), "%.4g")),
            seconds or "-", "[PR](%s)" % png if png else "-", note))
    lines.append("Validation split: %s images; strict one-to-one matching, radius 5 px.\n\n" % (n if n is not None else "?"))
    lines.append("| Method | P | R | F1 | Ed (px) μ ± σ | En μ ± σ | best F1 on PR @ threshold | s / image | PR curve | notes |\n")
    lines.append("|---|---|---|---|---|---|---|---|---|---|\n")
    lines.extend(body)
    lines.append("\n")
    sections[s] = lines
for s, lines in old.items():
    sections.setdefault(s, lines)
with open(summary, "w") as w:
    w.write("# Table 1 reproduction (validation splits)\n\n")
    w.write("P/R/F1 at each method's own threshold (LoG: tuned on the training split; models: the threshold stored in the model file). ")
    w.write("Ed: distance of true positives to their annotation; En: |TP - annotations| per image. ")
    w.write("s / image: detection time per image without start-up. Generated by scripts/reproduce-table1.sh.\n\n")
    for s in sorted(sections):
        w.writelines(sections[s])
print("wrote", summary)
PY
