"""The client against ReplayServer playing the example exchanges of manifests/protocol/examples."""

import json
import os
import socket
import struct
import tempfile
import threading
import unittest
from unittest import mock

import celldetect_client
from celldetect_client import CellDetectError, Client, Pixels, Point, Progress, connect, endpoint_path
from celldetect_client.client import CLIENT_NAME
from celldetect_client.framing import encode_header, encode_prefix, read_frame
from celldetect_client.transport import SocketTransport

from .replay import PROTOCOL, ReplayServer, example, example_names

try:
    import numpy as np
except ImportError:
    np = None


def started(frames, **kwargs):
    """A replay server and a client connected to it that has not said hello."""
    server = ReplayServer(frames, **kwargs)
    return server, Client(server.client_transport)


class EveryExampleTests(unittest.TestCase):
    def test_every_example_replays_through_call(self):
        for name in example_names():
            with self.subTest(name):
                frames = example(name)
                server, client = started(frames)
                with client:
                    self.replay(frames, server, client)
                server.finish()

    def replay(self, frames, server, client):
        """Sends each request of the script from its own thread (so they are in flight together), then
        checks every reply against the script."""
        outcomes = {}

        def run(request):
            header = request["header"]
            try:
                outcomes[header["id"]] = client.call(header["method"], header.get("params"), bytes(request["payloadLength"]))
            except CellDetectError as error:
                outcomes[header["id"]] = error

        threads = []
        for request in (f for f in frames if f["direction"] == "client-to-server"):
            thread = threading.Thread(target=run, args=(request,))
            thread.start()
            server.wait_received(request["header"]["id"])  # so the client's ids follow the script's
            threads.append(thread)
        for thread in threads:
            thread.join(10)
        for reply in (f for f in frames if f["direction"] == "server-to-client" and "notification" not in f["header"]):
            outcome = outcomes[reply["header"]["id"]]
            if "error" in reply["header"]:
                self.assertIsInstance(outcome, CellDetectError)
                self.assertEqual(reply["header"]["error"]["code"], outcome.code)
            else:
                self.assertEqual(reply["header"]["result"], outcome.result)
                self.assertEqual(reply["payloadLength"], len(outcome.payload))


class ClientTests(unittest.TestCase):
    def test_hello_and_models(self):
        server, client = started(example("models-list"))
        with client:
            hello = client.hello()
            models = client.models()
        server.finish()
        self.assertEqual(1, hello["protocol"])
        self.assertIs(hello, client.server)
        self.assertEqual(["fluorescence-nuclei", "he-nuclei", "lymphocytes-40x"], [m["name"] for m in models])
        self.assertIsNone(models[0]["pixelSizeMicrons"])

    def test_raw_pixels_without_numpy_travel_as_they_are(self):
        server, client = started(example("detect-pixels"))
        data = bytes(i * 13 % 256 for i in range(512 * 512 * 3))
        reports = []
        with client:
            client.hello()
            with mock.patch("celldetect_client.client.np", None):
                detection = client.detect(Pixels(data, 512, 512, 3, "u8"), on_progress=reports.append)
        server.finish()
        self.assertEqual(data, server.payloads[2])
        self.assertEqual([Progress(2, 1, 1, "detecting")], reports)
        self.assertEqual([Point(101.0, 47.5, 0.91), Point(388.0, 260.0, 0.77)], list(detection))
        x, y, score = detection[0]
        self.assertEqual((101.0, 47.5, 0.91), (x, y, score))
        self.assertEqual(2, detection.count)
        self.assertEqual("he-nuclei", detection.model)
        self.assertTrue(detection.model_reason.startswith("colour image"))
        self.assertIsNone(detection.page)
        self.assertIsNone(detection.proximity_map)

    def test_a_plain_tuple_does_for_pixels(self):
        server, client = started(example("detect-pixels"))
        with client:
            client.hello()
            self.assertEqual(2, len(client.detect((bytearray(512 * 512 * 3), 512, 512, 3, "u8"))))
        server.finish()

    @unittest.skipIf(np is None, "numpy is not installed")
    def test_numpy_arrays_go_zero_copy_and_come_back_as_arrays(self):
        server, client = started(example("detect-pixels"))
        image = np.arange(512 * 512 * 3, dtype=np.uint8).reshape(512, 512, 3)
        with client:
            client.hello()
            detection = client.detect(image, as_array=True)
        server.finish()
        self.assertEqual(image.tobytes(), server.payloads[2])
        self.assertEqual(["x", "y", "score"], list(detection.points.dtype.names))
        self.assertEqual(101.0, detection.points["x"][0])
        self.assertEqual(0.77, np.asarray(detection)["score"][1])

    @unittest.skipIf(np is None, "numpy is not installed")
    def test_the_proximity_map_arrives_as_an_array_and_big_endian_pixels_are_made_little(self):
        frames = example("detect-pixels-proximity-map")
        last = len(frames) - 1
        server, client = started(frames, payload_for=lambda index, length: (
            np.arange(length // 4, dtype="<f4").tobytes() if index == last else bytes(length)))
        image = np.arange(480 * 640, dtype=">u2").reshape(480, 640)
        with client:
            client.hello()
            detection = client.detect(image, model="fluorescence-nuclei", stride=2, region=[64, 32, 256, 128],
                                      pixel_size_microns=0.65, proximity_map=True)
        server.finish()
        self.assertEqual(image.astype("<u2").tobytes(), server.payloads[2])
        self.assertEqual((128, 256), detection.proximity_map.shape)
        self.assertEqual(np.float32, detection.proximity_map.dtype)
        self.assertEqual(1000.0, detection.proximity_map[3, 232])

    def test_the_proximity_map_without_numpy_is_an_array_of_floats(self):
        frames = example("detect-pixels-proximity-map")
        last = len(frames) - 1
        server, client = started(frames, payload_for=lambda index, length: (
            struct.pack(f"<{length // 4}f", *range(length // 4)) if index == last else bytes(length)))
        with client, mock.patch("celldetect_client.client.np", None):
            client.hello()
            detection = client.detect(Pixels(bytes(640 * 480 * 2), 640, 480, 1, "u16"), model="fluorescence-nuclei", stride=2,
                                      region=(64, 32, 256, 128), pixel_size_microns=0.65, proximity_map=True)
        server.finish()
        self.assertEqual(256 * 128, len(detection.proximity_map))
        self.assertEqual(1000.0, detection.proximity_map[1000])

    def test_a_file_on_the_services_machine_with_region_and_geojson(self):
        server, client = started(example("detect-path"))
        stages = []
        with client:
            client.hello()
            detection = client.detect("/data/slides/crc-17.ome.tif", page=0, region=[2048, 1536, 256, 256], model="he-nuclei",
                                      threshold=0.3, geojson=True, on_progress=lambda p: stages.append(p.stage))
        server.finish()
        self.assertEqual(["reading", "detecting"], stages)
        self.assertEqual(3, len(detection))
        self.assertIn('"FeatureCollection"', detection.geojson)
        self.assertEqual([2048, 1536, 256, 256], detection.region)

    def test_cancel_from_a_progress_callback_ends_the_detection(self):
        server, client = started(example("cancel"))
        answers = []
        with client:
            client.hello()
            with self.assertRaises(CellDetectError) as raised:
                client.detect("/data/slides/whole-slide.svs.tif", on_progress=lambda p: answers.append(client.cancel(p.request_id)))
            answers.append(client.cancel(2))
        server.finish()
        self.assertEqual("cancelled", raised.exception.code)
        self.assertEqual(2, raised.exception.request_id)
        self.assertEqual([True, False], answers)

    def test_cancel_from_another_thread_while_one_waits(self):
        server, client = started(example("cancel"))
        answers = []
        progressed = threading.Event()
        with client:
            client.hello()
            canceller = threading.Thread(target=lambda: (progressed.wait(5), answers.append(client.cancel(2))))
            canceller.start()
            with self.assertRaises(CellDetectError):
                client.detect("/data/slides/whole-slide.svs.tif", on_progress=lambda p: progressed.set())
            canceller.join(5)
            answers.append(client.cancel(2))
        server.finish()
        self.assertEqual([True, False], answers)

    def test_a_timeout_cancels_the_request(self):
        # The service sends nothing after the detect request; the script ends once the client's cancel has come.
        frames = example("cancel")
        server, client = started(frames[:3] + [frames[4]])
        with client:
            client.hello()
            with self.assertRaises(TimeoutError):
                client.detect("/data/slides/whole-slide.svs.tif", timeout=0.2)
        server.finish()

    def test_busy_is_an_error_with_a_code(self):
        server, client = started(example("busy"))
        with client:
            client.hello()
            with self.assertRaises(CellDetectError) as raised:
                client.detect(Pixels(bytes(2048 * 2048 * 2), 2048, 2048, 1, "u16"), when_busy="fail")
        server.finish()
        self.assertEqual("busy", raised.exception.code)
        self.assertEqual(16, raised.exception.data["maxQueued"])

    def test_pipelined_calls_from_threads_get_their_own_replies(self):
        server, client = started(example("pipelined"))
        results = {}
        with client:
            client.hello()
            threads = [threading.Thread(target=lambda p=p: results.__setitem__(p, client.detect(p))) for p in ("/data/plate1/A01.tif", "/data/plate1/A02.tif")]
            for request_id, thread in enumerate(threads, start=2):
                thread.start()
                server.wait_received(request_id)
            results["models"] = client.models()
            for thread in threads:
                thread.join(5)
        server.finish()
        self.assertEqual(1, results["/data/plate1/A01.tif"].count)
        self.assertEqual(420.4, results["/data/plate1/A02.tif"].timings["queuedMs"])
        self.assertEqual(2, len(results["models"]))

    def test_checks_made_before_sending(self):
        hello = example("hello")
        hello[1]["header"]["result"]["limits"]["maxPayloadBytes"] = 100
        server, client = started(hello)
        with client:
            client.hello()
            with self.assertRaises(CellDetectError) as too_large:
                client.detect(Pixels(bytes(101), 101, 1, 1, "u8"))
            with self.assertRaises(CellDetectError) as nan:
                client.detect("/a.tif", threshold=float("nan"))
            with self.assertRaises(ValueError):
                client.detect(Pixels(bytes(99), 10, 10, 1, "u8"))
            with self.assertRaises(TypeError):
                client.detect(b"raw bytes say nothing about their size")
        server.finish()
        self.assertEqual("payload_too_large", too_large.exception.code)
        self.assertEqual("invalid_parameter", nan.exception.code)

    def test_a_lost_connection_fails_the_waiting_call_and_later_ones(self):
        server, client = started(example("detect-path")[:3])
        with client:
            client.hello()
            with self.assertRaises(ConnectionError):
                client.detect("/data/slides/crc-17.ome.tif", page=0, region=[2048, 1536, 256, 256], model="he-nuclei", threshold=0.3, geojson=True)
            with self.assertRaises(ConnectionError):
                client.models()
        server.finish()


class EndpointTests(unittest.TestCase):
    def test_names_become_dotnet_pipe_paths(self):
        with mock.patch.dict(os.environ, {"TMPDIR": "/var/folders/x/T/"}):
            self.assertEqual("/var/folders/x/T/CoreFxPipe_celldetect", endpoint_path("celldetect", windows=False))
        with mock.patch.dict(os.environ, {"TMPDIR": ""}):
            self.assertEqual("/tmp/CoreFxPipe_cd", endpoint_path("cd", windows=False))
        with mock.patch.dict(os.environ):
            os.environ.pop("TMPDIR", None)
            self.assertEqual("/tmp/CoreFxPipe_cd", endpoint_path("cd", windows=False))
        self.assertEqual("/run/user/1000/cd.sock", endpoint_path("/run/user/1000/cd.sock", windows=False))
        self.assertEqual("\\\\.\\pipe\\celldetect", endpoint_path("celldetect", windows=True))
        self.assertEqual("\\\\.\\pipe\\celldetect", endpoint_path("\\\\.\\pipe\\celldetect", windows=True))
        with self.assertRaises(ValueError):
            endpoint_path("a/b", windows=False)

    def test_connect_says_hello_over_a_unix_socket(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "service.sock")
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(path)
            listener.listen(1)
            hello = example("hello")
            seen = {}

            def serve():
                connection, _ = listener.accept()
                transport = SocketTransport(connection)
                seen["hello"], _ = read_frame(transport.read, 1 << 20, 0)
                reply = encode_header({**hello[1]["header"], "id": seen["hello"]["id"]})
                transport.send(encode_prefix(len(reply), 0) + reply)
                transport.close()

            thread = threading.Thread(target=serve)
            thread.start()
            with connect(path, timeout=5) as client:
                self.assertEqual("0.1.0", client.server["serverVersion"])
            thread.join(5)
            listener.close()
        self.assertEqual({"protocol": 1, "client": CLIENT_NAME}, seen["hello"]["params"])

    def test_with_no_service_connect_names_the_endpoint_and_how_to_start_it(self):
        name = "celldetect-test-nobody-" + os.urandom(4).hex()
        with self.assertRaises(ConnectionError) as raised:
            connect(name, timeout=0)
        self.assertIn(endpoint_path(name), str(raised.exception))
        self.assertIn(f"celldetect serve --pipe {name}", str(raised.exception))

    def test_the_package_exports_the_error_codes_of_the_specification(self):
        with open(PROTOCOL / "schema" / "error.json", encoding="utf-8") as file:
            schema = json.load(file)
        self.assertEqual(tuple(schema["properties"]["error"]["properties"]["code"]["enum"]), celldetect_client.ERROR_CODES)


if __name__ == "__main__":
    unittest.main()
