"""Framing against manifests/protocol/vectors/frames.json, and the limits."""

import io
import json
import struct
import unittest

from celldetect_client.errors import CellDetectError
from celldetect_client.framing import encode_header, encode_prefix, read_frame

from .replay import PROTOCOL


def reader_over(data: bytes, allowed: int = -1):
    """A read function over bytes; reading past ``allowed`` bytes fails the test (-1: no bound)."""
    stream = io.BytesIO(data)

    def read(count: int) -> bytearray:
        if allowed >= 0 and stream.tell() + count > allowed:
            raise AssertionError(f"read past byte {allowed}")
        return bytearray(stream.read(count))
    return read


class VectorTests(unittest.TestCase):
    def test_every_vector_decodes_and_encodes_byte_for_byte(self):
        with open(PROTOCOL / "vectors" / "frames.json", encoding="utf-8") as file:
            document = json.load(file)
        limits = document["limits"]
        for vector in document["vectors"]:
            with self.subTest(vector["name"]):
                frame = bytes.fromhex(vector["frameHex"])
                read = reader_over(frame)
                if "error" in vector:
                    with self.assertRaises(CellDetectError) as raised:
                        read_frame(read, limits["maxHeaderBytes"], limits["maxPayloadBytes"])
                    self.assertEqual(vector["error"], raised.exception.code)
                    continue
                header, payload = read_frame(read, limits["maxHeaderBytes"], limits["maxPayloadBytes"])
                self.assertEqual(json.loads(vector["header"]), header)
                self.assertEqual(bytes.fromhex(vector["payloadHex"]), payload)
                header_bytes = vector["header"].encode("utf-8")
                payload_bytes = bytes.fromhex(vector["payloadHex"])
                self.assertEqual(frame, encode_prefix(len(header_bytes), len(payload_bytes)) + header_bytes + payload_bytes)


class LimitTests(unittest.TestCase):
    def test_an_oversized_header_is_refused_from_the_prefix_alone(self):
        frame = struct.pack("<IQ", 1000, 0) + b"x" * 1000
        with self.assertRaises(CellDetectError) as raised:
            read_frame(reader_over(frame, allowed=12), 999, 10)
        self.assertEqual("header_too_large", raised.exception.code)
        self.assertEqual({"limit": 999, "actual": 1000}, raised.exception.data)

    def test_an_oversized_payload_is_refused_before_it_is_read(self):
        header = b'{"id":5}'
        frame = struct.pack("<IQ", len(header), 2**40) + header
        with self.assertRaises(CellDetectError) as raised:
            read_frame(reader_over(frame, allowed=len(frame)), 100, 2**31)
        self.assertEqual("payload_too_large", raised.exception.code)

    def test_nan_is_not_json_in_either_direction(self):
        with self.assertRaises(ValueError):
            encode_header({"threshold": float("nan")})
        frame = struct.pack("<IQ", 15, 0) + b'{"t":NaN,"a":1}'
        with self.assertRaises(CellDetectError) as raised:
            read_frame(reader_over(frame), 100, 0)
        self.assertEqual("malformed_frame", raised.exception.code)

    def test_a_stream_that_ends_between_frames_ends_cleanly(self):
        self.assertIsNone(read_frame(reader_over(b""), 100, 100))


if __name__ == "__main__":
    unittest.main()
