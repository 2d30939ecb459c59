"""Where the service listens and how to reach it (manifests/protocol/README.md, section 1).

Windows: the named pipe ``\\\\.\\pipe\\NAME``. Linux and macOS: the Unix socket .NET's named pipes use,
``$TMPDIR/CoreFxPipe_NAME`` (``/tmp`` when TMPDIR is unset or empty), or the name itself when it is an
absolute path."""

from __future__ import annotations

import os
import select
import socket
import sys
import time
from typing import Optional, Union

DEFAULT_PIPE_NAME = "celldetect"
WINDOWS_PIPE_PREFIX = "\\\\.\\pipe\\"
UNIX_SOCKET_PREFIX = "CoreFxPipe_"

Buffer = Union[bytes, bytearray, memoryview]


def endpoint_path(name_or_path: str = DEFAULT_PIPE_NAME, *, windows: Optional[bool] = None) -> str:
    """The endpoint's full path, as ``celldetect serve`` prints it after ``ready``."""
    windows = sys.platform == "win32" if windows is None else windows
    if windows:
        return WINDOWS_PIPE_PREFIX + _pipe_name(name_or_path, windows=True)
    if name_or_path.startswith("/"):
        return name_or_path
    temp = os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(temp, UNIX_SOCKET_PREFIX + _pipe_name(name_or_path, windows=False))


def _pipe_name(name_or_path: str, *, windows: bool) -> str:
    name = name_or_path
    if windows and name.lower().startswith(WINDOWS_PIPE_PREFIX):
        name = name[len(WINDOWS_PIPE_PREFIX):]
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"{name_or_path!r} is not a pipe name: give a name without / or \\, "
                         "or an absolute socket path (Linux, macOS).")
    return name


class SocketTransport:
    """A connected stream socket (a Unix socket, or one end of a socketpair in tests). Full duplex:
    one thread may send while another reads."""

    def __init__(self, sock: socket.socket):
        sock.setblocking(True)
        self._socket = sock

    def send(self, *buffers: Buffer) -> None:
        for buffer in buffers:
            if len(buffer):
                self._socket.sendall(buffer)

    def read(self, count: int) -> bytearray:
        """Exactly ``count`` bytes, fewer only when the peer closed the connection."""
        data = bytearray(count)
        view = memoryview(data)
        received = 0
        while received < count:
            got = self._socket.recv_into(view[received:], min(count - received, 1 << 24))
            if got == 0:
                return data[:received]
            received += got
        return data

    def wait_readable(self, timeout: Optional[float]) -> bool:
        """Whether data (or the end of the stream) arrives within ``timeout`` seconds (None: wait)."""
        readable, _, _ = select.select([self._socket], [], [], timeout)
        return bool(readable)

    def close(self) -> None:
        self._socket.close()


class PipeTransport:
    """A Windows named pipe opened as a file. Windows serialises reads and writes on such a handle,
    so a send waits while another thread's read is blocked: one thread at a time is the rule there."""

    def __init__(self, file):
        self._file = file

    def send(self, *buffers: Buffer) -> None:
        for buffer in buffers:
            view = memoryview(buffer).cast("B")
            # An unbuffered file may write less than it is given.
            while len(view):
                view = view[self._file.write(view):]

    def read(self, count: int) -> bytearray:
        data = bytearray(count)
        view = memoryview(data)
        received = 0
        while received < count:
            got = self._file.readinto(view[received:])
            if not got:
                return data[:received]
            received += got
        return data

    def wait_readable(self, timeout: Optional[float]) -> bool:
        # A pipe opened as a file cannot be polled: deadlines are checked between frames instead.
        return True

    def close(self) -> None:
        self._file.close()


Transport = Union[SocketTransport, PipeTransport]


def open_transport(name_or_path: str = DEFAULT_PIPE_NAME, timeout: float = 5.0) -> Transport:
    """Connects to the service, trying for up to ``timeout`` seconds (0: once).

    Raises ConnectionError naming the endpoint and how to start the service when nobody answers."""
    path = endpoint_path(name_or_path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if sys.platform == "win32":
                return PipeTransport(open(path, "r+b", buffering=0))
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(path)
            except OSError:
                sock.close()
                raise
            return SocketTransport(sock)
        except OSError as error:
            # Not there yet, refused, or (Windows) all pipe instances busy: retry until the deadline.
            if time.monotonic() >= deadline:
                raise ConnectionError(f"No CellDetect service answers at {path} ({error.strerror or error}). "
                                      f"Start it with: celldetect serve --pipe {name_or_path}") from error
            time.sleep(0.05)
