"""Cell detection on every frame of a Micro-Manager acquisition, through pycromanager.

    from pycromanager import Acquisition, multi_d_acquisition_events
    from pycromanager_hook import CellDetectHook

    hook = CellDetectHook(model="fluorescence-nuclei", max_seconds=0.5)
    with Acquisition(directory="data", name="run", image_process_fn=hook) as acquisition:
        acquisition.acquire(multi_d_acquisition_events(num_time_points=100, time_interval_s=1))
    print(hook.summary())
    hook.close()

Each frame's metadata gets CellDetect-Count, -X, -Y, -Score (lists, image pixels) and -Model, or
CellDetect-Skipped saying why there are none: "busy" (the service is detecting for someone else:
the frame does not wait behind that work), "timeout" (detection took longer than max_seconds and
was cancelled), "service not running" (connection is retried at most every retry_seconds), or
"error: ..." The image itself is always passed on unchanged, and no exception reaches the
acquisition. The hook waits only for its own frame's detection, capped by max_seconds.
A model trained at one cell size has the service estimate an uncalibrated frame's cell size (up to
about a second); the frames of one acquisition share it, so the estimate of the first frame with at
least MIN_CELLS_FOR_ESTIMATE cells (a blank frame's estimate is not trusted) is sent with the later
ones (use one hook per acquisition).

Needs the service running (celldetect serve) and, on this side, celldetect_client and numpy.
"""

from __future__ import annotations

import time
from typing import Any, Dict, Optional, Tuple

import celldetect_client
from celldetect_client import CellDetectError

#: A frame's estimated cell size is reused for the later frames only when it had this many cells.
MIN_CELLS_FOR_ESTIMATE = 10


class CellDetectHook:
    """An ``image_process_fn`` for pycromanager's Acquisition (call it with image and metadata)."""

    def __init__(self, pipe: str = celldetect_client.DEFAULT_PIPE_NAME, model: Optional[str] = None, threshold: Optional[float] = None,
                 stride: Optional[int] = None, pixel_size_microns: Optional[float] = None, max_seconds: Optional[float] = None,
                 retry_seconds: float = 5.0):
        self.pipe = pipe
        self.options = {"model": model, "threshold": threshold, "stride": stride}
        self.pixel_size_microns = pixel_size_microns
        self.cell_diameter_pixels: Optional[float] = None
        self.max_seconds = max_seconds
        self.retry_seconds = retry_seconds
        self.client: Optional[celldetect_client.Client] = None
        self.last_attempt = float("-inf")
        self.detected = 0
        self.skipped: Dict[str, int] = {}

    def __call__(self, image: Any, metadata: Dict[str, Any]) -> Tuple[Any, Dict[str, Any]]:
        try:
            metadata.update(self._detect(image, metadata))
        except Exception as error:  # never let the acquisition fail because of detection
            metadata.update(self._skip(f"error: {error}"))
        return image, metadata

    def summary(self) -> str:
        skipped = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items())) or "none"
        return f"{self.detected} frames detected; skipped: {skipped}"

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def _detect(self, image: Any, metadata: Dict[str, Any]) -> Dict[str, Any]:
        client = self._connected()
        if client is None:
            return self._skip("service not running")
        try:
            detection = client.detect(image, pixel_size_microns=self.pixel_size_microns or _pixel_size(metadata), when_busy="fail",
                                      timeout=self.max_seconds, as_array=True, cell_diameter_pixels=self.cell_diameter_pixels, **self.options)
        except CellDetectError as error:
            return self._skip("busy" if error.code == "busy" else f"error: {error.code}: {error.message}")
        except TimeoutError:
            return self._skip("timeout")
        except ConnectionError:
            self.close()
            return self._skip("service not running")
        self.detected += 1
        if self.cell_diameter_pixels is None and detection.count >= MIN_CELLS_FOR_ESTIMATE:
            self.cell_diameter_pixels = detection.estimated_cell_diameter_pixels
        points = detection.points
        return {
            "CellDetect-Count": detection.count,
            "CellDetect-X": [round(float(v), 2) for v in points["x"]],
            "CellDetect-Y": [round(float(v), 2) for v in points["y"]],
            "CellDetect-Score": [round(float(v), 4) for v in points["score"]],
            "CellDetect-Model": detection.model,
            "CellDetect-DetectMs": detection.timings["totalMs"],
        }

    def _connected(self) -> Optional[celldetect_client.Client]:
        """The connection, opened again at most every retry_seconds, with a single attempt each time."""
        if self.client is None and time.monotonic() - self.last_attempt >= self.retry_seconds:
            self.last_attempt = time.monotonic()
            try:
                self.client = celldetect_client.connect(self.pipe, client_name="pycromanager hook", timeout=0)
            except (ConnectionError, CellDetectError):
                self.client = None
        return self.client

    def _skip(self, reason: str) -> Dict[str, Any]:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        return {"CellDetect-Skipped": reason}


def _pixel_size(metadata: Dict[str, Any]) -> Optional[float]:
    """Micro-Manager's calibration of the frame, when it has one."""
    size = metadata.get("PixelSizeUm")
    try:
        return float(size) if size and float(size) > 0 else None
    except (TypeError, ValueError):
        return None
