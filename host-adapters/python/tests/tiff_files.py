"""Just enough TIFF for the service tests, so that they need numpy only: read the samples (strips,
uncompressed or Deflate, chunky, little-endian) into arrays, and write arrays (uint8, uint16,
float32; gray or RGB) as uncompressed TIFFs for ``celldetect detect`` to read the same pixels."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Dict, List, Tuple

import numpy as np

_TAG_TYPES = {1: "B", 3: "H", 4: "I", 5: "II", 16: "Q"}
_DEFLATE = (8, 32946)


def read_tiff(path: Path) -> np.ndarray:
    """The first image of a little-endian TIFF as H x W or H x W x C."""
    data = Path(path).read_bytes()
    if data[:4] != b"II*\x00":
        raise ValueError(f"{path}: only little-endian classic TIFF")
    tags = _tags(data, struct.unpack_from("<I", data, 4)[0])
    width, height = tags[256][0], tags[257][0]
    samples = tags.get(277, [1])[0]
    bits = tags[258][0]
    sample_format = tags.get(339, [1])[0]
    compression = tags.get(259, [1])[0]
    if tags.get(284, [1])[0] != 1 or compression not in (1,) + _DEFLATE or tags.get(317, [1])[0] != 1:
        raise ValueError(f"{path}: only chunky, uncompressed or Deflate TIFFs without predictor")
    strips = [data[offset:offset + count] for offset, count in zip(tags[273], tags[279])]
    raw = b"".join(zlib.decompress(strip) if compression in _DEFLATE else strip for strip in strips)
    dtype = np.dtype({(8, 1): "u1", (16, 1): "<u2", (32, 3): "<f4"}[(bits, sample_format)])
    pixels = np.frombuffer(raw, dtype=dtype, count=width * height * samples)
    return pixels.reshape((height, width, samples) if samples > 1 else (height, width))


def write_tiff(path: Path, image: np.ndarray) -> None:
    """An uncompressed, single-strip, little-endian TIFF of a uint8, uint16 or float32 array."""
    image = np.ascontiguousarray(image, dtype=image.dtype.newbyteorder("<"))
    height, width = image.shape[:2]
    samples = image.shape[2] if image.ndim == 3 else 1
    bits = image.dtype.itemsize * 8
    pixels = image.tobytes()
    entries: List[Tuple[int, int, List[int]]] = [
        (256, 4, [width]), (257, 4, [height]), (258, 3, [bits] * samples), (259, 3, [1]),
        (262, 3, [2 if samples == 3 else 1]), (273, 4, [0]), (277, 3, [samples]), (278, 4, [height]),
        (279, 4, [len(pixels)]), (284, 3, [1]), (339, 3, [3 if image.dtype.kind == "f" else 1] * samples),
    ]
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    extra = bytearray()  # values longer than 4 bytes, after the IFD
    pixel_offset = ifd_offset + ifd_size + sum(len(values) * 2 for tag, kind, values in entries if kind == 3 and len(values) > 2)
    ifd = bytearray(struct.pack("<H", len(entries)))
    for tag, kind, values in entries:
        if tag == 273:
            values = [pixel_offset]
        packed = struct.pack("<" + _TAG_TYPES[kind] * len(values), *values)
        if len(packed) <= 4:
            ifd += struct.pack("<HHI", tag, kind, len(values)) + packed.ljust(4, b"\x00")
        else:
            ifd += struct.pack("<HHII", tag, kind, len(values), ifd_offset + ifd_size + len(extra))
            extra += packed
    ifd += struct.pack("<I", 0)
    Path(path).write_bytes(b"II*\x00" + struct.pack("<I", ifd_offset) + bytes(ifd) + bytes(extra) + pixels)


def _tags(data: bytes, offset: int) -> Dict[int, List[int]]:
    count = struct.unpack_from("<H", data, offset)[0]
    tags = {}
    for index in range(count):
        tag, kind, number, value = struct.unpack_from("<HHI4s", data, offset + 2 + 12 * index)
        code = _TAG_TYPES.get(kind)
        if code is None:
            continue
        size = struct.calcsize("<" + code * number)
        source = value if size <= 4 else data[struct.unpack("<I", value)[0]:][:size]
        tags[tag] = list(struct.unpack_from("<" + code * number, source))
    return tags
