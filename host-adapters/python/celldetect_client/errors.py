"""Errors of the CellDetect protocol (manifests/protocol/README.md, section 7)."""

from __future__ import annotations

from typing import Any, Mapping, Optional

MALFORMED_FRAME = "malformed_frame"
HEADER_TOO_LARGE = "header_too_large"
PAYLOAD_TOO_LARGE = "payload_too_large"
INVALID_REQUEST = "invalid_request"
UNKNOWN_METHOD = "unknown_method"
UNSUPPORTED_PROTOCOL = "unsupported_protocol"
FILE_NOT_FOUND = "file_not_found"
UNREADABLE_IMAGE = "unreadable_image"
UNSUPPORTED_PIXEL_TYPE = "unsupported_pixel_type"
PAYLOAD_SIZE_MISMATCH = "payload_size_mismatch"
INVALID_PARAMETER = "invalid_parameter"
MODEL_NOT_FOUND = "model_not_found"
CANCELLED = "cancelled"
BUSY = "busy"
INTERNAL = "internal"

ERROR_CODES = (
    MALFORMED_FRAME, HEADER_TOO_LARGE, PAYLOAD_TOO_LARGE, INVALID_REQUEST, UNKNOWN_METHOD, UNSUPPORTED_PROTOCOL,
    FILE_NOT_FOUND, UNREADABLE_IMAGE, UNSUPPORTED_PIXEL_TYPE, PAYLOAD_SIZE_MISMATCH, INVALID_PARAMETER,
    MODEL_NOT_FOUND, CANCELLED, BUSY, INTERNAL,
)


class CellDetectError(Exception):
    """An error the service answered with, or one the client found first (a broken frame, a payload
    over the service's limit, a number JSON cannot carry).

    ``code`` is one of the stable codes above (a newer service may send others: treat them like
    ``internal``), ``data`` the error's details, e.g. ``{"expected": n, "actual": n}``, and
    ``request_id`` the request it answers (None when the service could not tell)."""

    def __init__(self, code: str, message: str, data: Optional[Mapping[str, Any]] = None, request_id: Optional[int] = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.data = dict(data) if data else {}
        self.request_id = request_id
