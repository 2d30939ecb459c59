"""The scripts in examples/ against ReplayServer (the service's connection replaced by the replay's)."""

import copy
import csv
import importlib.util
import io
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path
from unittest import mock

from celldetect_client import Client

from .replay import ReplayServer, example

try:
    import numpy as np
except ImportError:
    np = None

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def connect_to(server):
    """A stand-in for celldetect_client.connect that says hello to the replay server."""
    def connect(*args, **kwargs):
        client = Client(server.client_transport)
        client.hello(kwargs.get("client_name", "test"))
        return client
    return connect


@unittest.skipIf(np is None, "the hook gets numpy arrays from pycromanager")
class PycromanagerHookTests(unittest.TestCase):
    def setUp(self):
        self.hook_module = load("pycromanager_hook")

    def test_a_frame_gets_its_cells_in_its_metadata(self):
        server = ReplayServer(example("detect-pixels"))
        hook = self.hook_module.CellDetectHook()
        image = np.zeros((512, 512, 3), dtype=np.uint8)
        with mock.patch("celldetect_client.connect", connect_to(server)):
            returned, metadata = hook(image, {"PixelSizeUm": 0})
        hook.close()
        server.finish()
        self.assertIs(image, returned)
        self.assertEqual(2, metadata["CellDetect-Count"])
        self.assertEqual([101.0, 388.0], metadata["CellDetect-X"])
        self.assertEqual([0.91, 0.77], metadata["CellDetect-Score"])
        self.assertEqual("he-nuclei", metadata["CellDetect-Model"])

    def test_the_first_estimate_of_a_frame_with_enough_cells_is_sent_with_the_later_frames(self):
        frames = copy.deepcopy(example("detect-pixels"))
        hello, request, reply = frames[:2], frames[2], frames[-1]
        enough = self.hook_module.MIN_CELLS_FOR_ESTIMATE
        frames = hello
        # Frame 1 has too few cells for its estimate to be trusted, frame 2 enough; frame 3 is sent with frame 2's.
        for request_id, cells, sent_diameter, estimate in ((2, enough - 1, None, 20.0), (3, enough, None, 31.5), (4, enough, 31.5, None)):
            frame_request, frame_reply = copy.deepcopy(request), copy.deepcopy(reply)
            frame_request["header"]["id"] = frame_reply["header"]["id"] = request_id
            if sent_diameter is not None:
                frame_request["header"]["params"]["cellDiameterPixels"] = sent_diameter
            result = frame_reply["header"]["result"]
            result["points"] = [{"x": float(i), "y": 1.0, "score": 0.9} for i in range(cells)]
            result["count"] = cells
            if estimate is not None:
                result["estimatedCellDiameterPixels"] = estimate
            frames += [frame_request, frame_reply]
        server = ReplayServer(frames)
        hook = self.hook_module.CellDetectHook()
        image = np.zeros((512, 512, 3), dtype=np.uint8)
        with mock.patch("celldetect_client.connect", connect_to(server)):
            counts = [hook(image, {})[1]["CellDetect-Count"] for _ in range(3)]
        hook.close()
        server.finish()
        self.assertEqual([enough - 1, enough, enough], counts)
        self.assertEqual(31.5, hook.cell_diameter_pixels)

    def test_a_busy_service_skips_the_frame_instead_of_waiting(self):
        server = ReplayServer(example("busy"))
        hook = self.hook_module.CellDetectHook()
        with mock.patch("celldetect_client.connect", connect_to(server)):
            _, metadata = hook(np.zeros((2048, 2048), dtype=np.uint16), {})
        hook.close()
        server.finish()
        self.assertEqual({"CellDetect-Skipped": "busy"}, metadata)
        self.assertEqual("0 frames detected; skipped: 1 busy", hook.summary())

    def test_without_a_service_frames_pass_and_connecting_is_retried_only_now_and_then(self):
        hook = self.hook_module.CellDetectHook(retry_seconds=60)
        refused = mock.Mock(side_effect=ConnectionError("nobody there"))
        with mock.patch("celldetect_client.connect", refused):
            for _ in range(3):
                _, metadata = hook(np.zeros((4, 4), dtype=np.uint8), {})
        self.assertEqual({"CellDetect-Skipped": "service not running"}, metadata)
        self.assertEqual(1, refused.call_count)


class DetectFolderTests(unittest.TestCase):
    def test_writes_csv_and_geojson_per_image(self):
        with tempfile.TemporaryDirectory() as folder:
            image = Path(folder, "crc-17.tif")
            image.write_bytes(b"")
            frames = copy.deepcopy(example("detect-path"))
            frames[2]["header"]["params"] = {"path": str(image.resolve()), "outputs": {"geojson": True}}
            server = ReplayServer(frames)
            out = Path(folder, "out")
            with mock.patch("celldetect_client.connect", connect_to(server)), redirect_stdout(io.StringIO()) as printed:
                status = load("detect_folder").main([folder, "--out", str(out)])
            server.finish()
            with open(out / "crc-17.csv", newline="", encoding="utf-8") as file:
                rows = list(csv.reader(file))
            geojson = (out / "crc-17.geojson").read_text(encoding="utf-8")
        self.assertEqual(0, status)
        self.assertEqual(["x", "y", "score"], rows[0])
        self.assertEqual(["2113.00", "1532.00", "0.9400"], rows[1])
        self.assertEqual(4, len(rows))
        self.assertIn("FeatureCollection", geojson)
        self.assertIn("crc-17.tif: 3 cells", printed.getvalue())


if __name__ == "__main__":
    unittest.main()
