"""The client: one connection to the CellDetect service, usable from several threads at once."""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from array import array
from typing import Any, Callable, Dict, Iterator, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union, overload

from . import errors
from .errors import CellDetectError
from .framing import MAX_PAYLOAD_BYTES, MAX_REPLY_HEADER_BYTES, MAX_REPLY_PAYLOAD_BYTES, encode_header, encode_prefix, read_frame
from .transport import DEFAULT_PIPE_NAME, Transport, open_transport

try:
    import numpy as np
except ImportError:  # numpy is optional: raw bytes and lists work without it
    np = None

PROTOCOL_VERSION = 1
CLIENT_NAME = f"celldetect_client 0.1.0 (Python {sys.version_info.major}.{sys.version_info.minor})"

#: The dtype of ``Detection.points`` with ``as_array=True``.
POINT_DTYPE = [("x", "<f8"), ("y", "<f8"), ("score", "<f8")]

_DTYPE_BYTES = {"u8": 1, "u16": 2, "f32": 4}
_NUMPY_DTYPES = {"uint8": "u8", "uint16": "u16", "float32": "f32"}


class Point(NamedTuple):
    """A detected cell: its centre in the image's pixel coordinates ((0, 0) is the centre of the
    top-left pixel) and the proximity at the peak, 0..1."""

    x: float
    y: float
    score: float


class Pixels(NamedTuple):
    """Pixels without numpy: ``data`` holds width x height x channels samples of ``dtype`` ("u8",
    "u16" or "f32", little-endian), row-major; ``layout`` "interleaved" (each pixel's channels
    together) or "planar" (channel after channel)."""

    data: Union[bytes, bytearray, memoryview]
    width: int
    height: int
    channels: int
    dtype: str
    layout: str = "interleaved"


class Progress(NamedTuple):
    """How far request ``request_id`` has come: ``done`` of ``total`` in ``stage`` ("reading",
    "detecting"; newer services may report other stages)."""

    request_id: int
    done: int
    total: int
    stage: str


class Reply(NamedTuple):
    """A successful reply: the header's result and the frame's payload."""

    result: Dict[str, Any]
    payload: bytearray


class Detection(Sequence):
    """The cells found, as a sequence of :class:`Point` (``for x, y, score in detection``), or with
    ``as_array=True`` ``points`` is a numpy structured array with fields x, y, score. The rest of the
    result is in attributes; ``result`` holds it all as the service sent it."""

    def __init__(self, result: Dict[str, Any], payload: bytearray, as_array: bool):
        self.result = result
        self.points: Any = _points_array(result["points"]) if as_array else [Point(p["x"], p["y"], p["score"]) for p in result["points"]]
        self.count: int = result["count"]
        self.model: str = result["model"]["name"]
        self.model_reason: str = result["model"]["reason"]
        self.stride: int = result["stride"]
        self.threshold: float = result["threshold"]
        self.scale: float = result["scale"]
        #: The image's cell diameter in pixels as the service estimated it to set ``scale``; None when
        #: nothing was estimated (the model does not estimate, or a calibration or cell diameter set the scale).
        self.estimated_cell_diameter_pixels: Optional[float] = result.get("estimatedCellDiameterPixels")
        #: True when the service averaged the 8 flips and rotations (test-time augmentation); services
        #: older than the parameter leave it out, which is False.
        self.test_time_augmentation: bool = result.get("testTimeAugmentation", False)
        self.width: int = result["width"]
        self.height: int = result["height"]
        self.region: List[int] = result["region"]
        self.page: Optional[int] = result["page"]
        self.timings: Dict[str, float] = result["timings"]
        self.geojson: Optional[str] = result.get("geojson")
        #: The proximity map over ``region``: a float32 array of shape (height, width) with numpy,
        #: else ``array('f')``, row-major; None when not asked for.
        self.proximity_map: Any = _proximity_map(result["proximityMap"], payload) if "proximityMap" in result else None

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> Any: ...

    def __getitem__(self, index):
        return self.points[index]

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.points)

    def __array__(self, dtype=None, copy=None):
        points = self.points if not isinstance(self.points, list) else _points_array(self.result["points"])
        return points if dtype is None else points.astype(dtype)

    def __repr__(self) -> str:
        return f"Detection({self.count} cells, model {self.model}, stride {self.stride}, threshold {self.threshold})"


class _Call:
    """A request waiting for its reply."""

    __slots__ = ("on_progress", "reply", "error")

    def __init__(self, on_progress: Optional[Callable[[Progress], Any]]):
        self.on_progress = on_progress
        self.reply: Optional[Reply] = None
        self.error: Optional[BaseException] = None

    @property
    def done(self) -> bool:
        return self.reply is not None or self.error is not None


class Client:
    """A connection to the CellDetect service (use :func:`connect`).

    Safe to share between threads: requests are pipelined and each thread waits for its own reply.
    Whichever waiting thread is free reads the replies and hands them out, so no extra thread is
    started; progress callbacks run in that thread and may call the client. Errors the service
    answers with raise :class:`CellDetectError`; a lost connection raises ConnectionError."""

    def __init__(self, transport: Transport, *, max_reply_header_bytes: int = MAX_REPLY_HEADER_BYTES):
        self._transport = transport
        self._max_reply_header_bytes = max_reply_header_bytes
        self._send_lock = threading.Lock()
        self._state = threading.Condition()
        self._pending: Dict[int, _Call] = {}
        self._reading = False
        self._last_id = 0
        self._lost: Optional[BaseException] = None
        #: What the service said in the last successful hello.
        self.server: Optional[Dict[str, Any]] = None

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection; calls still waiting fail with ConnectionError."""
        with self._state:
            if self._lost is None:
                self._lose(ConnectionError("The client was closed."))
        self._transport.close()

    def hello(self, client_name: str = CLIENT_NAME) -> Dict[str, Any]:
        """Opens (or repeats) the session; the service needs it first. Returns what the service can do:
        protocol, serverVersion, capabilities, defaultModels, device, precision, limits."""
        self.server = self.call("hello", {"protocol": PROTOCOL_VERSION, "client": client_name}).result
        return self.server

    def models(self) -> List[Dict[str, Any]]:
        """The models detect can use: name, builtIn, channels, pixelSizeMicrons, cellDiameterPixels,
        estimatesCellDiameter, stride, threshold, peakRadius, head."""
        return self.call("models.list").result["models"]

    def detect(self, image: Any, model: Optional[str] = None, threshold: Optional[float] = None, stride: Optional[int] = None,
               region: Optional[Sequence[int]] = None, page: Optional[int] = None, pixel_size_microns: Optional[float] = None,
               geojson: bool = False, proximity_map: bool = False, on_progress: Optional[Callable[[Progress], Any]] = None,
               *, as_array: bool = False, when_busy: Optional[str] = None, timeout: Optional[float] = None,
               cell_diameter_pixels: Optional[float] = None, test_time_augmentation: bool = False) -> Detection:
        """Detects cells in ``image``: a numpy array (uint8, uint16 or float32; H x W or H x W x C, sent
        as it is when C-contiguous and little-endian), :class:`Pixels` (or the tuple
        ``(data, width, height, channels, dtype[, layout])``), or the path of a file on the service's
        machine (``page`` then picks the image of a multi-image file).

        ``region`` is ``[x, y, width, height]``; points come back in the whole image's coordinates.
        Left-out options (None) are the model's, or for ``model`` chosen from the image.
        ``when_busy="fail"`` fails with code ``busy`` instead of waiting behind other detections.
        ``timeout`` (seconds) cancels the request and raises TimeoutError when it takes longer.
        ``cell_diameter_pixels`` is the image's typical cell diameter, for a model trained at one cell size
        (its ``cellDiameterPixels`` in :meth:`models`): the image is rescaled to the model's, and the
        service does not estimate it (``Detection.estimated_cell_diameter_pixels`` of an earlier frame of
        the same acquisition is a good value).
        ``test_time_augmentation=True`` has the service average the 8 flips and 90-degree rotations of the
        image: about 7 times slower, more accurate on large fluorescence nuclei."""
        params: Dict[str, Any] = {}
        payload: Any = b""
        if isinstance(image, (str, os.PathLike)):
            params["path"] = os.fspath(image)
            _put(params, "page", page)
        else:
            if page is not None:
                raise ValueError("page applies to image files, not to pixels")
            params["pixels"], payload = _pixels(image)
            self._check_payload_limit(len(payload))
        _put(params, "region", None if region is None else [int(v) for v in region])
        _put(params, "model", model)
        _put(params, "threshold", _finite("threshold", threshold))
        _put(params, "stride", stride)
        _put(params, "pixelSizeMicrons", _finite("pixel_size_microns", pixel_size_microns))
        _put(params, "cellDiameterPixels", _finite("cell_diameter_pixels", cell_diameter_pixels))
        # Off is left out (the protocol's default), so that services older than the parameter still take the request.
        _put(params, "testTimeAugmentation", True if test_time_augmentation else None)
        outputs = {name: True for name, wanted in (("geojson", geojson), ("proximityMap", proximity_map)) if wanted}
        _put(params, "outputs", outputs or None)
        _put(params, "whenBusy", when_busy)
        if as_array and np is None:
            raise RuntimeError("as_array=True needs numpy")
        reply = self.call("detect", params, payload, on_progress=on_progress, timeout=timeout)
        return Detection(reply.result, reply.payload, as_array)

    def cancel(self, request_id: int) -> bool:
        """Asks the service to cancel request ``request_id`` (``Progress.request_id`` says it). True when
        it was still pending: its call then raises CellDetectError with code ``cancelled``."""
        return self.call("cancel", {"id": request_id}).result["cancelled"]

    def shutdown(self) -> None:
        """Stops the service once it has replied; every connection's work is cancelled."""
        self.call("shutdown")

    def call(self, method: str, params: Optional[Mapping[str, Any]] = None, payload: Any = b"",
             on_progress: Optional[Callable[[Progress], Any]] = None, timeout: Optional[float] = None) -> Reply:
        """Calls any method, e.g. one added after protocol 1; ``params`` None is left out."""
        call = _Call(on_progress)
        with self._state:
            if self._lost is not None:
                raise ConnectionError(str(self._lost))
            self._last_id += 1
            request_id = self._last_id
            self._pending[request_id] = call
        try:
            self._send(request_id, method, params, payload)
        except BaseException:
            with self._state:
                self._pending.pop(request_id, None)
            raise
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._wait(call, deadline):
            self._abandon(request_id)
            raise TimeoutError(f"{method} request {request_id} took longer than {timeout} s and was cancelled.")
        if call.error is not None:
            raise call.error
        assert call.reply is not None
        return call.reply

    def _send(self, request_id: int, method: str, params: Optional[Mapping[str, Any]], payload: Any) -> None:
        header: Dict[str, Any] = {"id": request_id, "method": method}
        if params is not None:
            header["params"] = params
        header_bytes = encode_header(header)
        payload_length = memoryview(payload).nbytes
        with self._send_lock:
            self._transport.send(encode_prefix(len(header_bytes), payload_length) + header_bytes, *([payload] if payload_length else []))

    def _abandon(self, request_id: int) -> None:
        """Forgets a call that timed out and tells the service to cancel it, without waiting for either reply."""
        with self._state:
            self._pending.pop(request_id, None)
            self._last_id += 1
            cancel_id = self._last_id
        try:
            self._send(cancel_id, "cancel", {"id": request_id}, b"")
        except OSError:
            pass  # the connection is gone, and the request with it

    def _wait(self, call: _Call, deadline: Optional[float]) -> bool:
        """Waits until the call has its reply; False when the deadline passed first. The first free
        waiting thread reads frames and hands them out."""
        with self._state:
            while not call.done:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                if self._reading:
                    self._state.wait(remaining)
                    continue
                self._reading = True
                callbacks: List[Callable[[], Any]] = []
                try:
                    self._state.release()
                    try:
                        frame = self._read_frame(remaining)
                    finally:
                        self._state.acquire()
                    if frame is not None:
                        callbacks = self._dispatch(*frame)
                except BaseException as error:
                    # A frame broken off (even by KeyboardInterrupt) leaves the stream out of step for good.
                    self._lose(error if isinstance(error, CellDetectError) else ConnectionError(f"Reading from the CellDetect service failed: {error!r}"))
                    if not isinstance(error, (OSError, CellDetectError)):
                        raise
                finally:
                    self._reading = False
                    self._state.notify_all()
                for callback in callbacks:
                    self._state.release()
                    try:
                        callback()
                    finally:
                        self._state.acquire()
            return True

    def _read_frame(self, timeout: Optional[float]) -> Optional[Tuple[Any, bytearray]]:
        """The next frame, or None when none began within ``timeout``. A frame once begun is read whole."""
        if not self._transport.wait_readable(timeout):
            return None
        frame = read_frame(self._transport.read, self._max_reply_header_bytes, MAX_REPLY_PAYLOAD_BYTES)
        if frame is None:
            raise ConnectionError("The CellDetect service closed the connection.")
        return frame

    def _dispatch(self, header: Any, payload: bytearray) -> List[Callable[[], Any]]:
        """Hands a frame to its call (lock held); returns progress callbacks to run without the lock."""
        if not isinstance(header, dict):
            return []
        request_id = header.get("id")
        if "result" in header:
            call = self._pending.pop(request_id, None)
            if call is not None:
                call.reply = Reply(header["result"], payload)
        elif "error" in header:
            error = header["error"]
            exception = CellDetectError(error.get("code", errors.INTERNAL), error.get("message", ""), error.get("data"), request_id)
            # An error without an id is about a frame the service could not read: any pending call may be the one.
            for failed_id in [request_id] if request_id is not None else list(self._pending):
                call = self._pending.pop(failed_id, None)
                if call is not None:
                    call.error = exception
        elif header.get("notification") == "progress":
            call = self._pending.get(request_id)
            if call is not None and call.on_progress is not None:
                params = header.get("params", {})
                progress = Progress(request_id, params.get("done", 0), params.get("total", 1), params.get("stage", ""))
                on_progress = call.on_progress
                return [lambda: on_progress(progress)]
        # Replies to abandoned calls and notifications of kinds this client does not know are dropped.
        return []

    def _lose(self, error: BaseException) -> None:
        """Fails every pending call (lock held): the connection can no longer be trusted."""
        self._lost = error
        for call in self._pending.values():
            call.error = error
        self._pending.clear()
        self._state.notify_all()

    def _check_payload_limit(self, length: int) -> None:
        limit = (self.server or {}).get("limits", {}).get("maxPayloadBytes", MAX_PAYLOAD_BYTES)
        if length > limit:
            raise CellDetectError(errors.PAYLOAD_TOO_LARGE, f"The pixels are {length} bytes, over the service's limit of {limit}: "
                                  "send a region, or the file's path.", {"limit": limit, "actual": length})


def connect(name_or_path: str = DEFAULT_PIPE_NAME, client_name: str = CLIENT_NAME, timeout: float = 5.0) -> Client:
    """Connects to the service and says hello. ``name_or_path`` is a pipe name (Windows
    ``\\\\.\\pipe\\NAME``; Linux/macOS ``$TMPDIR/CoreFxPipe_NAME``) or an absolute socket path;
    ``timeout`` is how long to keep trying while nobody answers (0: once)."""
    client = Client(open_transport(name_or_path, timeout))
    try:
        client.hello(client_name)
    except BaseException:
        client.close()
        raise
    return client


def _put(params: Dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        params[name] = value


def _finite(name: str, value: Optional[float]) -> Optional[float]:
    if value is not None and not math.isfinite(value):
        raise CellDetectError(errors.INVALID_PARAMETER, f"{name} must be a finite number, not {value}.", {"parameter": name})
    return value


def _pixels(image: Any) -> Tuple[Dict[str, Any], Any]:
    """The pixels member of the params and the payload to send."""
    if np is not None and isinstance(image, np.ndarray):
        return _numpy_pixels(image)
    if isinstance(image, tuple):
        raw = Pixels(*image)
        if raw.dtype not in _DTYPE_BYTES:
            raise ValueError(f"dtype must be u8, u16 or f32, not {raw.dtype!r}")
        data = memoryview(raw.data).cast("B")
        expected = raw.width * raw.height * raw.channels * _DTYPE_BYTES[raw.dtype]
        if len(data) != expected:
            raise ValueError(f"{raw.width} x {raw.height} x {raw.channels} {raw.dtype} pixels are {expected} bytes, not {len(data)}")
        layout = {"dtype": raw.dtype, "width": raw.width, "height": raw.height, "channels": raw.channels, "layout": raw.layout}
        return layout, data
    raise TypeError("image must be a file path, a numpy array, or Pixels(data, width, height, channels, dtype[, layout]); "
                    f"got {type(image).__name__}")


def _numpy_pixels(image: Any) -> Tuple[Dict[str, Any], Any]:
    if image.ndim not in (2, 3):
        raise ValueError(f"pixels must be H x W or H x W x C, not {image.shape}")
    dtype = _NUMPY_DTYPES.get(image.dtype.name)
    if dtype is None:
        raise ValueError(f"pixels must be uint8, uint16 or float32, not {image.dtype}; convert with astype")
    # The protocol is little-endian and row-major: copy only when the array is not already so.
    image = np.ascontiguousarray(image, dtype=image.dtype.newbyteorder("<"))
    height, width = image.shape[:2]
    channels = image.shape[2] if image.ndim == 3 else 1
    return ({"dtype": dtype, "width": width, "height": height, "channels": channels, "layout": "interleaved"},
            memoryview(image).cast("B"))


def _points_array(points: List[Mapping[str, float]]) -> Any:
    return np.array([(p["x"], p["y"], p["score"]) for p in points], dtype=POINT_DTYPE)


def _proximity_map(info: Mapping[str, int], payload: bytearray) -> Any:
    expected = info["width"] * info["height"] * 4
    if len(payload) != expected:
        raise CellDetectError(errors.PAYLOAD_SIZE_MISMATCH, f"The proximity map is {info['width']} x {info['height']} "
                              f"but the reply's payload has {len(payload)} bytes.", {"expected": expected, "actual": len(payload)})
    if np is not None:
        return np.frombuffer(payload, dtype="<f4").reshape(info["height"], info["width"])
    values = array("f")
    values.frombytes(payload)
    if sys.byteorder == "big":
        values.byteswap()
    return values
