#!/usr/bin/env bash
# The ablation of issue 11 ("Accuracy beyond the paper"), every row cross-validated (celldetect crossval) on the
# training halves in ../shared/data, per modality as the built-in models are trained: H&E = crchisto + bm_graz (rgb),
# fluorescence = fluo_huh7_hepg2 + vgg_cells (gray). Rows: the paper's recipe (no augmentation), each augmentation
# alone, all of them combined, combined and trained at one cell size (the "scale" arm: --cell-diameter; by each data
# set's clicks, or by each image's own estimate in combined-diameter-by-image, detected by it too), each also
# detected with test-time augmentation (--tta) and each with its training and detection time; and the U-Net option
# (unet: --architecture unet, the flips/rotations, larger crops, its own learning rate). Resumable: running it
# again skips every finished fold and finishes interrupted ones (their models resume from their checkpoints).
# How to run it, and how long it takes: docs/accuracy-plan.md.
#
# Usage: scripts/ablation.sh [OUT_DIR] [RECIPE ...]     (default runs/ablation, every recipe below in this order)
#   recipes: paper dihedral combined combined-diameter stain intensity scale blur noise combined-diameter-by-image unet
# Environment (defaults in brackets):
#   CELLDETECT_CLI   command that runs the CLI [./celldetect, which builds as needed]
#   CELLDETECT_DATA  data root with <set>/train [../shared/data]
#   MODALITIES       which groups: he, fluo or both ["he fluo"]
#   FOLDS, SEED      the folds [5, 1]
#   EPOCHS, STEPS, PATIENCE  per fold model [30, 150, 8]: the train defaults
#   MINUTES          wall-time budget per fold model; empty for none []
#   LR_SCHEDULE      learning-rate schedule per fold model: constant, cosine or step [constant]
#   SAMPLING         how crops' images are drawn: area, or sets (each data set equally) [area]
#   PEAK_RADII       candidate peak radii chosen by cross-validation [2,3,4]
#   STRIDES          detection strides, each reported [4,8]
#   CELL_DIAMETER    cell size in pixels the combined-diameter recipe trains at [14]
#   TTA              1 to also detect every held-out fold with --tta, 0 not to [1]
#   THREADS          libtorch threads [libtorch's choice]
#   UNET_CROP_PATCHES, UNET_LR  the unet recipe's --crop-patches and --lr [24, 1e-3]
# Results: OUT_DIR/GROUP/RECIPE/ (crossval's plan.json, fold-N/, report.json, report.md) and OUT_DIR/summary.md,
# rewritten after every recipe from the reports finished so far.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
read -r -a cli <<< "${CELLDETECT_CLI:-$root/celldetect}"
data="${CELLDETECT_DATA:-$root/../shared/data}"
out="${1:-runs/ablation}"
shift $(( $# > 0 ? 1 : 0 ))
if (($# > 0)); then recipes=("$@"); else recipes=(paper dihedral combined combined-diameter stain intensity scale blur noise); fi
groups="${MODALITIES:-he fluo}"
for recipe in "${recipes[@]}"; do
  case "$recipe" in
    paper | dihedral | combined | combined-diameter | stain | intensity | scale | blur | noise | combined-diameter-by-image | unet) ;;
    *) echo "unknown recipe '$recipe' (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"

# The augmentations of a recipe for a group; empty when the recipe does not apply (stain on gray, intensity on H&E).
augmentations() { # RECIPE GROUP
  local colour=stain
  [ "$2" = fluo ] && colour=intensity
  case "$1" in
    paper) echo none ;;
    dihedral | scale | blur | noise) echo "$1" ;;
    unet) echo dihedral ;;
    stain) [ "$2" = he ] && echo stain || true ;;
    intensity) [ "$2" = fluo ] && echo intensity || true ;;
    combined | combined-diameter | combined-diameter-by-image) echo "dihedral,$colour,scale,blur,noise" ;;
  esac
}

for recipe in "${recipes[@]}"; do
  for group in $groups; do
    augment="$(augmentations "$recipe" "$group")"
    [ -z "$augment" ] && continue
    case "$group" in
      he) images=(--images "$data/crchisto/train" --images "$data/bm_graz/train" --channels rgb) ;;
      fluo) images=(--images "$data/fluo_huh7_hepg2/train" --images "$data/vgg_cells/train" --channels gray) ;;
      *) echo "unknown group '$group': he or fluo" >&2; exit 2 ;;
    esac
    args=("${images[@]}" --out "$out/$group/$recipe" --folds "${FOLDS:-5}" --seed "${SEED:-1}" --augment "$augment"
      --epochs "${EPOCHS:-30}" --steps-per-epoch "${STEPS:-150}" --patience "${PATIENCE:-8}" --peak-radii "${PEAK_RADII:-2,3,4}" --strides "${STRIDES:-4,8}" --quiet)
    [ "$recipe" = combined-diameter ] && args+=(--cell-diameter "${CELL_DIAMETER:-14}")
    [ "$recipe" = combined-diameter-by-image ] && args+=(--cell-diameter "${CELL_DIAMETER:-14}" --cell-diameter-from image --held-out-diameter image)
    [ "$recipe" = unet ] && args+=(--architecture unet --crop-patches "${UNET_CROP_PATCHES:-24}" --lr "${UNET_LR:-1e-3}")
    [ -n "${MINUTES:-}" ] && args+=(--time-limit-minutes "$MINUTES")
    [ -n "${LR_SCHEDULE:-}" ] && args+=(--lr-schedule "$LR_SCHEDULE")
    [ -n "${SAMPLING:-}" ] && args+=(--sampling "$SAMPLING")
    [ "${TTA:-1}" = 1 ] && args+=(--tta)
    [ -n "${THREADS:-}" ] && args+=(--threads "$THREADS")
    mkdir -p "$out/$group"
    echo "== $group $recipe: ${cli[*]} crossval ${args[*]}"
    start=$SECONDS
    set +e
    "${cli[@]}" crossval "${args[@]}" 2>&1 | tee -a "$out/$group/$recipe.log" | grep -E '^(fold|s[0-9]|report|the evaluation)'
    status=${PIPESTATUS[0]}
    set -e
    [ "$status" -eq 0 ] || { echo "$group $recipe failed (exit $status): see $out/$group/$recipe.log; run the script again to resume" >&2; exit 1; }
    echo "== $group $recipe: $((SECONDS - start)) s"
    python3 "$root/scripts/ablation_summary.py" "$out" > "$out/summary.md"
  done
done
echo "summary: $out/summary.md"
