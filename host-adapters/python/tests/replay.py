"""A stand-in for the service: plays the server side of an example exchange from
manifests/protocol/examples on one end of a socket pair."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from celldetect_client.framing import MAX_PAYLOAD_BYTES, MAX_REQUEST_HEADER_BYTES, encode_prefix, read_frame
from celldetect_client.transport import SocketTransport

PROTOCOL = Path(__file__).resolve().parents[3] / "manifests" / "protocol"


def example(name: str) -> List[Dict[str, Any]]:
    with open(PROTOCOL / "examples" / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


def example_names() -> List[str]:
    return sorted(path.stem for path in (PROTOCOL / "examples").glob("*.json"))


def pattern(length: int) -> bytes:
    return bytes(i % 251 for i in range(length))


class ReplayServer:
    """Where the script has client frames it reads as many (in any order, found by id) and checks
    method, params and payload length; where it has server frames it writes them; then it hangs up.
    ``failure`` holds what went wrong, ``payloads`` what the client sent, by request id."""

    def __init__(self, frames: List[Dict[str, Any]], payload_for: Optional[Callable[[int, int], bytes]] = None):
        self.frames = frames
        self.payload_for = payload_for or (lambda index, length: pattern(length))
        self.payloads: Dict[int, bytes] = {}
        self._received = threading.Condition()
        self.failure: Optional[BaseException] = None
        client_end, self._server_end = socket.socketpair()
        self.client_transport = SocketTransport(client_end)
        self._thread = threading.Thread(target=self._play, daemon=True)
        self._thread.start()

    def wait_received(self, request_id: int, timeout: float = 10.0) -> None:
        """Waits until request ``request_id`` has been read, so the next one gets the next id."""
        with self._received:
            if not self._received.wait_for(lambda: request_id in self.payloads or self.failure is not None, timeout):
                raise AssertionError(f"request {request_id} never came")

    def finish(self, timeout: float = 10.0) -> None:
        """Waits for the script's end and raises what went wrong in it."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise AssertionError("the replay did not finish: the client did not send what the script expects")
        if self.failure is not None:
            raise self.failure

    def _play(self) -> None:
        transport = SocketTransport(self._server_end)
        try:
            index = 0
            while index < len(self.frames):
                frame = self.frames[index]
                if frame["direction"] == "server-to-client":
                    header = json.dumps(frame["header"], ensure_ascii=False).encode("utf-8")
                    transport.send(encode_prefix(len(header), frame["payloadLength"]) + header, self.payload_for(index, frame["payloadLength"]))
                    index += 1
                    continue
                expected = {}
                while index < len(self.frames) and self.frames[index]["direction"] == "client-to-server":
                    expected[self.frames[index]["header"]["id"]] = self.frames[index]
                    index += 1
                while expected:
                    received = read_frame(transport.read, MAX_REQUEST_HEADER_BYTES, MAX_PAYLOAD_BYTES)
                    if received is None:
                        raise AssertionError(f"the client hung up; requests {sorted(expected)} never came")
                    header, payload = received
                    request = expected.pop(header["id"], None)
                    if request is None:
                        raise AssertionError(f"request {header['id']} is not in the script here: {header}")
                    check_request(request, header, len(payload))
                    with self._received:
                        self.payloads[header["id"]] = bytes(payload)
                        self._received.notify_all()
        except BaseException as error:  # reported to the test by finish()
            with self._received:
                self.failure = error
                self._received.notify_all()
        finally:
            transport.close()


def check_request(expected: Dict[str, Any], actual: Dict[str, Any], payload_length: int) -> None:
    """Same method and payload length, and every member of the script's params in the request's
    (the request may add members at their default); hello's client name is the client's own."""
    if actual.get("method") != expected["header"]["method"]:
        raise AssertionError(f"expected {expected['header']['method']}, got {actual}")
    if payload_length != expected["payloadLength"]:
        raise AssertionError(f"request {actual['id']}: {payload_length} payload bytes, {expected['payloadLength']} expected")
    for name, value in expected["header"].get("params", {}).items():
        if expected["header"]["method"] == "hello" and name == "client":
            continue
        if not contains(actual.get("params", {}).get(name), value):
            raise AssertionError(f"request {actual['id']}: params.{name} should be {value}, the request is {actual}")


def contains(actual: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(contains(actual.get(k), v) for k, v in expected.items())
    return actual == expected
