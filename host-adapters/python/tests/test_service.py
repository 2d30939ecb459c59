"""The client against a real ``celldetect serve``, started here on a temporary socket (the repository's
./celldetect builds it when needed). Detections are compared with what ``./celldetect detect`` writes
for the same pixels: its CSV has 2 decimals, its GeoJSON 4 (and QuPath's +0.5 origin)."""

import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

import celldetect_client
from celldetect_client import CellDetectError, Pixels, connect

try:
    import numpy as np

    from .tiff_files import read_tiff, write_tiff
except ImportError:  # test.sh installs python3-numpy; without it these tests are skipped
    np = None

ROOT = Path(__file__).resolve().parents[3]
CELLDETECT = ROOT / "celldetect"
HE_SAMPLE = ROOT / "samples" / "he-colon-crchisto-img14.tif"
FLUO_SAMPLE = ROOT / "samples" / "fluo-hoechst-huh7-23.tif"
CSV_TOLERANCE = 0.005 + 1e-3
GEOJSON_TOLERANCE = 1e-3
SCORE_TOLERANCE = 1e-4
READY_TIMEOUT_SECONDS = 600  # the first ./celldetect builds the command line

_work: Path
_service: subprocess.Popen
_service_log = None
_socket: str


def setUpModule():
    """Writes the test images, has the command line detect in them, and starts the service."""
    global _work, _service, _service_log, _socket
    if np is None:
        raise unittest.SkipTest("the service tests need numpy")
    _work = Path(tempfile.mkdtemp(prefix="cdpy"))  # short: Unix socket paths are limited to about 108 bytes
    (_work / "he").mkdir()
    (_work / "fluo").mkdir()
    shutil.copy(HE_SAMPLE, _work / "he" / "he.tif")
    # A quarter of the fluorescence sample keeps the detections short; 16-bit over its full range and float 0..1.
    gray = read_tiff(FLUO_SAMPLE)[:384, :512]
    write_tiff(_work / "fluo" / "fluo16.tif", gray.astype(np.uint16) * 257)
    write_tiff(_work / "fluo" / "fluo32.tif", gray.astype(np.float32) / 255)
    for folder, model in (("he", "he-nuclei"), ("fluo", "fluorescence-nuclei")):
        subprocess.run([str(CELLDETECT), "detect", str(_work / folder), "--model", model, "--out", str(_work / "cli" / folder)],
                       check=True, stdout=subprocess.DEVNULL)
    _socket = str(_work / "s.sock")
    _service_log = open(_work / "service.log", "wb")
    _service = subprocess.Popen([str(CELLDETECT), "serve", "--pipe", _socket], stdout=subprocess.PIPE, stderr=_service_log, text=True)
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline and _service.poll() is None:
        if select.select([_service.stdout], [], [], 1)[0]:
            line = _service.stdout.readline()
            if line.startswith("ready "):
                return
    raise RuntimeError(f"celldetect serve did not get ready:\n{(_work / 'service.log').read_text()}")


def tearDownModule():
    """Shuts the service down through the protocol: it must exit 0 and remove its socket."""
    try:
        with connect(_socket) as client:
            client.shutdown()
        status = _service.wait(60)
        if status != 0 or os.path.exists(_socket):
            raise AssertionError(f"after shutdown the service exited with {status}, socket left: {os.path.exists(_socket)}")
    finally:
        if _service.poll() is None:
            _service.kill()
            _service.wait()
        _service.stdout.close()
        _service_log.close()
        shutil.rmtree(_work, ignore_errors=True)


def cli_csv(folder, name):
    """The command line's points for images/FOLDER/NAME.tif: (x, y, score) in protocol coordinates."""
    lines = (_work / "cli" / folder / f"{name}.csv").read_text().splitlines()
    assert lines[0] == "x,y,score", lines[0]
    return [tuple(float(value) for value in line.split(",")) for line in lines[1:]]


def cli_geojson(folder, name):
    """The command line's GeoJSON points, moved back from QuPath's corner origin to the protocol's centre."""
    features = json.loads((_work / "cli" / folder / f"{name}.geojson").read_text())["features"]
    return [(f["geometry"]["coordinates"][0] - 0.5, f["geometry"]["coordinates"][1] - 0.5, f["properties"]["measurements"]["score"])
            for f in features]


class ServiceTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = connect(_socket, client_name="celldetect_client service tests")

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def assert_same_points(self, expected, actual, tolerance, what):
        """As many points, each expected one within ``tolerance`` in x and y of its own actual one, scores too."""
        self.assertEqual(len(expected), len(actual), f"{what}: number of points")
        self.assertGreater(len(expected), 0, f"{what}: no cells at all")
        unmatched = [tuple(point) for point in actual]
        for x, y, score in expected:
            nearest = min(unmatched, key=lambda point: max(abs(point[0] - x), abs(point[1] - y)))
            self.assertLessEqual(max(abs(nearest[0] - x), abs(nearest[1] - y)), tolerance, f"{what}: nothing near ({x}, {y})")
            self.assertAlmostEqual(score, nearest[2], delta=SCORE_TOLERANCE, msg=f"{what}: score at ({x}, {y})")
            unmatched.remove(nearest)

    def assert_equals_command_line(self, detection, folder, name):
        self.assert_same_points(cli_csv(folder, name), list(detection), CSV_TOLERANCE, f"{name} against the CLI's CSV")
        self.assert_same_points(cli_geojson(folder, name), list(detection), GEOJSON_TOLERANCE, f"{name} against the CLI's GeoJSON")

    def test_hello_says_what_the_service_can_do(self):
        hello = self.client.hello()
        self.assertEqual(1, hello["protocol"])
        self.assertTrue({"hello", "models.list", "detect", "cancel", "shutdown"} <= set(hello["capabilities"]))
        self.assertEqual({"brightfield": "he-nuclei", "fluorescence": "fluorescence-nuclei"}, hello["defaultModels"])
        self.assertIn(hello["device"], ("cpu", "cuda"))
        self.assertGreater(hello["limits"]["maxPayloadBytes"], 0)

    def test_models_lists_the_built_in_models(self):
        models = {model["name"]: model for model in self.client.models()}
        self.assertTrue({"he-nuclei", "fluorescence-nuclei"} <= set(models))
        self.assertEqual("rgb", models["he-nuclei"]["channels"])
        self.assertEqual("gray", models["fluorescence-nuclei"]["channels"])
        self.assertTrue(all(model["builtIn"] and 1 <= model["stride"] <= 64 and 0 <= model["threshold"] <= 1 for model in models.values()))

    def test_detect_by_path_equals_the_command_line(self):
        detection = self.client.detect(str(_work / "he" / "he.tif"), model="he-nuclei")
        self.assert_equals_command_line(detection, "he", "he")
        self.assertEqual((500, 500, [0, 0, 500, 500], 0, 1), (detection.width, detection.height, detection.region, detection.page, detection.scale))
        self.assertEqual(("he-nuclei", "requested"), (detection.model, detection.model_reason))
        self.assertEqual(detection.count, len(detection))

    def test_test_time_augmentation_is_sent_and_echoed(self):
        # One 256-pixel tile of the fluorescence image: test-time augmentation is 8 passes.
        region = [0, 0, 256, 256]
        augmented = self.client.detect(str(_work / "fluo" / "fluo16.tif"), model="fluorescence-nuclei", region=region, test_time_augmentation=True)
        plain = self.client.detect(str(_work / "fluo" / "fluo16.tif"), model="fluorescence-nuclei", region=region)
        self.assertEqual((True, False), (augmented.test_time_augmentation, plain.test_time_augmentation))
        self.assertGreater(augmented.count, 0)
        self.assertNotEqual(list(plain), list(augmented))

    def test_uint8_rgb_array_equals_the_command_line(self):
        image = read_tiff(HE_SAMPLE)
        self.assertEqual((np.dtype("uint8"), (500, 500, 3)), (image.dtype, image.shape))
        detection = self.client.detect(image, model="he-nuclei")
        self.assert_equals_command_line(detection, "he", "he")
        self.assertIsNone(detection.page)

    def test_uint16_gray_array_equals_the_command_line(self):
        image = read_tiff(_work / "fluo" / "fluo16.tif")
        self.assertEqual(np.dtype("uint16"), image.dtype)
        self.assert_equals_command_line(self.client.detect(image, model="fluorescence-nuclei"), "fluo", "fluo16")

    def test_float32_array_equals_the_command_line(self):
        image = read_tiff(_work / "fluo" / "fluo32.tif")
        self.assertEqual(np.dtype("float32"), image.dtype)
        self.assert_equals_command_line(self.client.detect(image, model="fluorescence-nuclei"), "fluo", "fluo32")

    def test_raw_pixels_without_numpy_types(self):
        image = read_tiff(_work / "fluo" / "fluo16.tif")
        height, width = image.shape
        detection = self.client.detect(Pixels(image.astype("<u2").tobytes(), width, height, 1, "u16"), model="fluorescence-nuclei")
        self.assert_equals_command_line(detection, "fluo", "fluo16")

    def test_a_region_is_the_crop_in_whole_image_coordinates(self):
        x, y, width, height = 100, 120, 200, 150
        in_region = self.client.detect(str(_work / "he" / "he.tif"), model="he-nuclei", region=[x, y, width, height])
        cropped = self.client.detect(read_tiff(HE_SAMPLE)[y:y + height, x:x + width], model="he-nuclei")
        self.assertEqual([x, y, width, height], in_region.region)
        self.assertTrue(all(x - 0.5 <= p.x <= x + width - 0.5 and y - 0.5 <= p.y <= y + height - 0.5 for p in in_region))
        self.assert_same_points([(p.x - x, p.y - y, p.score) for p in in_region], list(cropped), 1e-6, "region against the crop")

    def test_progress_reports_reading_then_detecting(self):
        progress = []
        detection = self.client.detect(str(_work / "fluo" / "fluo16.tif"), model="fluorescence-nuclei", on_progress=progress.append)
        self.assertGreater(detection.count, 0)
        stages = [p.stage for p in progress]
        self.assertEqual("reading", stages[0])
        self.assertIn("detecting", stages)
        self.assertTrue(all(0 <= p.done <= p.total and p.total >= 1 for p in progress), progress)
        self.assertEqual(1, len({p.request_id for p in progress}))

    def test_cancel_from_the_progress_callback(self):
        cancelled = []

        def cancel_at_once(progress):
            if not cancelled:
                cancelled.append(self.client.cancel(progress.request_id))

        with self.assertRaises(CellDetectError) as raised:
            self.client.detect(str(_work / "fluo" / "fluo16.tif"), model="fluorescence-nuclei", on_progress=cancel_at_once)
        self.assertEqual("cancelled", raised.exception.code)
        self.assertEqual([True], cancelled)
        self.assertFalse(self.client.cancel(raised.exception.request_id), "nothing left to cancel")
        self.assertGreater(self.client.detect(str(_work / "he" / "he.tif"), region=[0, 0, 64, 64]).width, 0, "still usable")

    def test_a_timeout_cancels_and_the_connection_stays_usable(self):
        with self.assertRaises(TimeoutError):
            self.client.detect(str(_work / "fluo" / "fluo32.tif"), model="fluorescence-nuclei", timeout=0.05)
        self.assertIn("he-nuclei", [model["name"] for model in self.client.models()])

    def test_busy_instead_of_waiting_when_asked(self):
        started = threading.Event()
        outcome = {}

        def first():
            outcome["first"] = self.client.detect(str(_work / "fluo" / "fluo32.tif"), model="fluorescence-nuclei",
                                                  on_progress=lambda progress: started.set())

        thread = threading.Thread(target=first)
        thread.start()
        self.assertTrue(started.wait(60), "the first detection never reported progress")
        with self.assertRaises(CellDetectError) as raised:
            self.client.detect(str(_work / "he" / "he.tif"), when_busy="fail")
        thread.join(120)
        self.assertEqual("busy", raised.exception.code)
        self.assertGreaterEqual(raised.exception.data["queued"], 1)
        self.assertGreater(outcome["first"].count, 0, "the running detection is not disturbed")

    def test_proximity_map_covers_the_region(self):
        detection = self.client.detect(read_tiff(HE_SAMPLE), model="he-nuclei", region=[10, 20, 96, 64], proximity_map=True)
        self.assertEqual((64, 96), detection.proximity_map.shape)
        self.assertEqual(np.dtype("<f4"), detection.proximity_map.dtype)
        self.assertTrue(0 <= float(detection.proximity_map.min()) and float(detection.proximity_map.max()) <= 1)

    def test_errors_carry_their_codes_and_data(self):
        text_file = _work / "not-an-image.tif"
        text_file.write_text("not an image")
        u8 = {"dtype": "u8", "width": 4, "height": 4, "channels": 1}
        cases = [
            ("file_not_found", lambda: self.client.detect(str(_work / "missing.tif")), {"path": str(_work / "missing.tif")}),
            ("unreadable_image", lambda: self.client.detect(str(text_file)), {"path": str(text_file)}),
            ("model_not_found", lambda: self.client.detect(str(_work / "he" / "he.tif"), model="no-such-model"), {"model": "no-such-model"}),
            ("invalid_parameter", lambda: self.client.detect(str(_work / "he" / "he.tif"), stride=0), {"parameter": "stride"}),
            ("invalid_parameter", lambda: self.client.detect(str(_work / "he" / "he.tif"), region=[400, 400, 200, 200]), {"parameter": "region"}),
            ("invalid_parameter", lambda: self.client.detect(str(_work / "he" / "he.tif"), model="he-nuclei", cell_diameter_pixels=12),
             {"parameter": "cellDiameterPixels"}),
            ("invalid_parameter", lambda: self.client.call("detect", {"path": str(_work / "he" / "he.tif"), "testTimeAugmentation": "yes"}),
             {"parameter": "testTimeAugmentation"}),
            ("payload_size_mismatch", lambda: self.client.call("detect", {"pixels": u8}, bytes(10)), {"expected": 16, "actual": 10}),
            ("payload_size_mismatch", lambda: self.client.call("models.list", {}, bytes(3)), {"expected": 0, "actual": 3}),
            ("unsupported_pixel_type", lambda: self.client.call("detect", {"pixels": dict(u8, dtype="u32")}, bytes(64)), {"dtype": "u32"}),
            ("invalid_request", lambda: self.client.call("detect", {"model": "he-nuclei"}), {}),
            ("unknown_method", lambda: self.client.call("train.start", {}), {"method": "train.start"}),
            ("unsupported_protocol", lambda: self.client.call("hello", {"protocol": 2, "client": "test"}), {"requested": 2, "supported": [1]}),
        ]
        for code, action, data in cases:
            with self.subTest(code=code, data=data):
                with self.assertRaises(CellDetectError) as raised:
                    action()
                self.assertEqual(code, raised.exception.code, raised.exception)
                self.assertIn(code, celldetect_client.ERROR_CODES)
                self.assertTrue(raised.exception.message)
                for key, value in data.items():
                    self.assertEqual(value, raised.exception.data.get(key), f"data.{key} of {raised.exception}")
        self.assertEqual(1, self.client.hello()["protocol"], "the connection survives every error")

    def test_an_unknown_model_lists_the_available_ones(self):
        with self.assertRaises(CellDetectError) as raised:
            self.client.detect(str(_work / "he" / "he.tif"), model="no-such-model")
        self.assertTrue({"he-nuclei", "fluorescence-nuclei"} <= set(raised.exception.data["available"]))
