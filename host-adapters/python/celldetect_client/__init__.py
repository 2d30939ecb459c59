"""Client for the local CellDetect service (protocol 1, manifests/protocol/README.md).

    import celldetect_client
    with celldetect_client.connect() as client:
        for x, y, score in client.detect(image):      # a numpy array, Pixels, or a file path
            ...

Standard library only; numpy is used when installed (arrays in, structured arrays and maps out)."""

from .client import (CLIENT_NAME, POINT_DTYPE, PROTOCOL_VERSION, Client, Detection, Pixels, Point, Progress, Reply,
                     connect)
from .errors import ERROR_CODES, CellDetectError
from .transport import DEFAULT_PIPE_NAME, endpoint_path

__all__ = [
    "CLIENT_NAME", "DEFAULT_PIPE_NAME", "ERROR_CODES", "POINT_DTYPE", "PROTOCOL_VERSION", "CellDetectError", "Client",
    "Detection", "Pixels", "Point", "Progress", "Reply", "connect", "endpoint_path",
]
__version__ = "0.1.0"
