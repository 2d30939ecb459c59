"""Frames (manifests/protocol/README.md, section 2): u32 header length and u64 payload length,
little-endian, then the UTF-8 JSON header and the raw payload. Lengths are checked before anything
is allocated for them."""

from __future__ import annotations

import json
import struct
from typing import Any, Callable, Optional, Tuple

from .errors import HEADER_TOO_LARGE, MALFORMED_FRAME, PAYLOAD_TOO_LARGE, CellDetectError

PREFIX = struct.Struct("<IQ")

#: What a protocol 1 service accepts in a request header.
MAX_REQUEST_HEADER_BYTES = 1 << 20
#: The default payload limit of a service (``hello`` says the real one).
MAX_PAYLOAD_BYTES = 2 << 30
#: What this client accepts in a reply header: a detect result lists every point, about 45 bytes each.
MAX_REPLY_HEADER_BYTES = 1 << 30
#: The largest reply payload (a proximity map) of protocol 1: 2 GiB - 64.
MAX_REPLY_PAYLOAD_BYTES = (2 << 30) - 64

#: Reads exactly n bytes into a new bytearray; returns fewer only when the stream ends.
ReadBytes = Callable[[int], bytearray]


def encode_header(header: Any) -> bytes:
    """The header as compact UTF-8 JSON. NaN and infinities are refused: JSON has no way to write them."""
    return json.dumps(header, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def encode_prefix(header_length: int, payload_length: int) -> bytes:
    return PREFIX.pack(header_length, payload_length)


def read_frame(read: ReadBytes, max_header_bytes: int, max_payload_bytes: int) -> Optional[Tuple[Any, bytearray]]:
    """Reads one frame: (header, payload), or None when the stream ends cleanly between frames.

    Raises CellDetectError with ``malformed_frame`` (empty or non-JSON header, stream cut short),
    ``header_too_large`` (nothing after the prefix has been read) or ``payload_too_large`` (the
    header has been read, the payload not)."""
    prefix = read(PREFIX.size)
    if not prefix:
        return None
    if len(prefix) < PREFIX.size:
        raise _ended_inside("the length prefix")
    header_length, payload_length = PREFIX.unpack(prefix)
    if header_length > max_header_bytes:
        raise CellDetectError(HEADER_TOO_LARGE, f"A frame's header is {header_length} bytes, over the limit of {max_header_bytes}.",
                              {"limit": max_header_bytes, "actual": header_length})
    if header_length == 0:
        raise CellDetectError(MALFORMED_FRAME, "A frame's header length is 0; every frame has a JSON object as its header.")
    header_bytes = read(header_length)
    if len(header_bytes) < header_length:
        raise _ended_inside("the header")
    header = parse_header(header_bytes)
    if payload_length > max_payload_bytes:
        raise CellDetectError(PAYLOAD_TOO_LARGE, f"A frame's payload is {payload_length} bytes, over the limit of {max_payload_bytes}.",
                              {"limit": max_payload_bytes, "actual": payload_length})
    payload = read(payload_length) if payload_length else bytearray()
    if len(payload) < payload_length:
        raise _ended_inside("the payload")
    return header, payload


def parse_header(utf8: bytes) -> Any:
    """The header's JSON value; strict UTF-8 and strict JSON (no NaN)."""
    try:
        return json.loads(utf8.decode("utf-8"), parse_constant=_refuse_constant)
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise CellDetectError(MALFORMED_FRAME, f"A frame's header is not UTF-8 JSON: {error}") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _ended_inside(part: str) -> CellDetectError:
    return CellDetectError(MALFORMED_FRAME, f"The connection ended inside {part} of a frame.")
