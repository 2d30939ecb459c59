"""Detects cells in every image of a folder with the running CellDetect service and writes, per
image, NAME.csv (x,y,score in pixels, (0,0) the centre of the top-left pixel) and NAME.geojson
(QuPath: File > Import objects).

    python3 detect_folder.py FOLDER [--out DIR] [--pipe NAME] [--model M] [--threshold Z] [--stride S]

The service reads the files itself (it runs on the same machine). Images that fail are reported
and the rest go on; the exit status is 1 when any failed.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

import celldetect_client
from celldetect_client import CellDetectError

IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp"}


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    images = sorted(p for p in Path(arguments.folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not images:
        print(f"No images ({', '.join(sorted(IMAGE_SUFFIXES))}) in {arguments.folder}", file=sys.stderr)
        return 1
    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with celldetect_client.connect(arguments.pipe, client_name="detect_folder.py") as client:
        for number, image in enumerate(images, start=1):
            try:
                detection = client.detect(image.resolve(), model=arguments.model, threshold=arguments.threshold, stride=arguments.stride,
                                          geojson=True, on_progress=lambda p, n=number: show_progress(n, len(images), image.name, p))
            except CellDetectError as error:
                failures += 1
                print(f"\r{image.name}: {error.code}: {error.message}", file=sys.stderr)
                continue
            write_csv(out / f"{image.stem}.csv", detection)
            write_text(out / f"{image.stem}.geojson", detection.geojson)
            print(f"\r{image.name}: {detection.count} cells (model {detection.model}, {detection.timings['totalMs']:.0f} ms)")
    print(f"{len(images) - failures} of {len(images)} images done; results in {out.resolve()}")
    return 1 if failures else 0


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--out", default="detections", help="folder for the CSV and GeoJSON files (default: detections)")
    parser.add_argument("--pipe", default=celldetect_client.DEFAULT_PIPE_NAME, help="the service's pipe name or socket path")
    parser.add_argument("--model", help="built-in model name or .cdmodel path (default: chosen per image)")
    parser.add_argument("--threshold", type=float, help="proximity threshold (default: the model's)")
    parser.add_argument("--stride", type=int, help="scanning stride (default: the model's)")
    return parser.parse_args(argv)


def show_progress(number: int, total: int, name: str, progress: celldetect_client.Progress) -> None:
    print(f"\r[{number}/{total}] {name}: {progress.stage} {progress.done}/{progress.total}", end="", flush=True)


def write_csv(path: Path, detection: celldetect_client.Detection) -> None:
    """Written to a temporary file and renamed, so a file that exists is complete."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["x", "y", "score"])
        writer.writerows((f"{x:.2f}", f"{y:.2f}", f"{score:.4f}") for x, y, score in detection)
    os.replace(temporary, path)


def write_text(path: Path, text: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


if __name__ == "__main__":
    sys.exit(main())
