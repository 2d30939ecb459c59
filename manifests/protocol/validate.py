"""Checks the protocol's schemas, example exchanges, framing vectors and the plugin description
against each other (run by test.sh with Debian's python3-jsonschema). Prints one line per check and,
last, "N passed, N failed"; exits non-zero when a check fails."""

import json
import struct
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

PROTOCOL = Path(__file__).resolve().parent
MANIFESTS = PROTOCOL.parent
BYTES_PER_SAMPLE = {"u8": 1, "u16": 2, "f32": 4}


def load(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def validator(name):
    return Draft202012Validator(load(PROTOCOL / "schema" / name))


def first_error(schema_validator, instance):
    error = next(iter(sorted(schema_validator.iter_errors(instance), key=lambda e: list(e.absolute_path))), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message}"


class Checks:
    """Counts and reports checks: each is a name and a list of problems (empty = passed)."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def report(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for problem in problems:
                print(f"     {problem}")
        else:
            self.passed += 1
            print(f"ok   {name}")


def check_schemas(checks):
    paths = sorted((PROTOCOL / "schema").glob("*.json")) + [MANIFESTS / "plugin.schema.json"]
    for path in paths:
        problems = []
        try:
            Draft202012Validator.check_schema(load(path))
        except Exception as error:  # a schema that is not JSON or not a valid schema
            problems.append(str(error).splitlines()[0])
        checks.report(f"schema {path.relative_to(MANIFESTS)} is a valid draft 2020-12 schema", problems)


def header_schema_name(frame, pending_methods):
    """The schema a frame's header must satisfy besides envelope.json, or None when none applies."""
    header = frame["header"]
    if not isinstance(header, dict):
        return None
    if "method" in header:
        name = f"request.{header['method']}.json"
        return name if (PROTOCOL / "schema" / name).exists() else None
    if "error" in header:
        return "error.json"
    if "notification" in header:
        return f"notification.{header['notification']}.json"
    if "result" in header:
        method = pending_methods.get(header.get("id"))
        return f"response.{method}.json" if method else None
    return None


def exchange_problems(frames, envelope):
    """Schema and consistency problems of one example exchange."""
    problems = []
    pending = {}  # id -> request header, for requests not yet answered
    answered = set()
    for index, frame in enumerate(frames):
        header = frame["header"]
        where = f"frame {index}"
        schema_name = header_schema_name(frame, {i: h["method"] for i, h in pending.items()})
        errors = [first_error(envelope, header)]
        if schema_name:
            errors.append(first_error(validator(schema_name), header))
        errors = [e for e in errors if e]
        if frame.get("schemaValid", True):
            problems += [f"{where} ({schema_name or 'envelope.json'}): {e}" for e in errors]
        elif not errors:
            problems.append(f"{where}: marked schemaValid false but validates")
        if not isinstance(header, dict):
            continue
        to_server = frame["direction"] == "client-to-server"
        if to_server != ("method" in header):
            problems.append(f"{where}: direction {frame['direction']} does not fit the header kind")
        if "method" in header:
            if header["id"] in pending:
                problems.append(f"{where}: id {header['id']} is already pending")
            pending[header["id"]] = {**header, "payloadLength": frame["payloadLength"]}
            continue
        request = pending.get(header["id"])
        if request is None:
            problems.append(f"{where}: id {header['id']} answers no pending request"
                            + (" (already answered)" if header["id"] in answered else ""))
            continue
        if "notification" in header:
            if frame["payloadLength"] != 0:
                problems.append(f"{where}: notifications have no payload")
            continue
        del pending[header["id"]]
        answered.add(header["id"])
        problems += reply_problems(where, request, header, frame["payloadLength"])
    problems += [f"request {i} ({h['method']}) never answered" for i, h in pending.items()]
    return problems


def reply_problems(where, request, reply, reply_payload):
    """Payload lengths and counts that the schemas cannot express."""
    problems = []
    error = reply.get("error", {}).get("code")
    params = request.get("params", {})
    pixels = params.get("pixels") if request["method"] == "detect" else None
    expected_request_payload = 0
    if isinstance(pixels, dict) and pixels.get("dtype") in BYTES_PER_SAMPLE:
        expected_request_payload = pixels["width"] * pixels["height"] * pixels["channels"] * BYTES_PER_SAMPLE[pixels["dtype"]]
    if error == "payload_size_mismatch":
        data = reply["error"]["data"]
        if (data["expected"], data["actual"]) != (expected_request_payload, request["payloadLength"]):
            problems.append(f"{where}: payload_size_mismatch data {data} does not fit the request "
                            f"(expected {expected_request_payload}, sent {request['payloadLength']})")
    elif error != "unsupported_pixel_type" and request["payloadLength"] != expected_request_payload:
        problems.append(f"{where}: request {reply['id']} sent {request['payloadLength']} payload bytes, "
                        f"{expected_request_payload} expected, and the reply is not payload_size_mismatch")
    result = reply.get("result")
    expected_reply_payload = 0
    if request["method"] == "detect" and result is not None:
        if result["count"] != len(result["points"]):
            problems.append(f"{where}: count {result['count']} but {len(result['points'])} points")
        wants_map = params.get("outputs", {}).get("proximityMap", False)
        if wants_map != ("proximityMap" in result):
            problems.append(f"{where}: proximityMap in the result does not match outputs.proximityMap")
        if "proximityMap" in result:
            expected_reply_payload = result["proximityMap"]["width"] * result["proximityMap"]["height"] * 4
        if params.get("outputs", {}).get("geojson", False) != ("geojson" in result):
            problems.append(f"{where}: geojson in the result does not match outputs.geojson")
        if "geojson" in result and len(json.loads(result["geojson"]).get("features", [])) != result["count"]:
            problems.append(f"{where}: geojson features do not match count")
    if reply_payload != expected_reply_payload:
        problems.append(f"{where}: reply payload {reply_payload} bytes, {expected_reply_payload} expected")
    return problems


def check_examples(checks):
    example_format = validator("example.json")
    envelope = validator("envelope.json")
    paths = sorted((PROTOCOL / "examples").glob("*.json"))
    checks.report("examples/ holds example exchanges", [] if paths else ["no examples found"])
    for path in paths:
        frames = load(path)
        problems = [e for e in [first_error(example_format, frames)] if e]
        if not problems:
            problems = exchange_problems(frames, envelope)
        checks.report(f"example {path.name}", problems)


def decode_frame(data, limits):
    """Reference decoder for the vectors: (header text, payload) or the error code."""
    if len(data) < 12:
        return "malformed_frame"
    header_length, payload_length = struct.unpack_from("<IQ", data)
    if header_length > limits["maxHeaderBytes"]:
        return "header_too_large"
    if header_length == 0:
        return "malformed_frame"
    if len(data) < 12 + header_length:
        return "malformed_frame"
    try:
        header = data[12:12 + header_length].decode("utf-8")
        json.loads(header)
    except ValueError:
        return "malformed_frame"
    if payload_length > limits["maxPayloadBytes"]:
        return "payload_too_large"
    payload = data[12 + header_length:]
    if len(payload) != payload_length:
        return "malformed_frame"
    return header, payload


def check_vectors(checks):
    document = load(PROTOCOL / "vectors" / "frames.json")
    problems = [e for e in [first_error(validator("vectors.json"), document)] if e]
    checks.report("vectors/frames.json follows schema/vectors.json", problems)
    if problems:
        return
    envelope = validator("envelope.json")
    for vector in document["vectors"]:
        frame = bytes.fromhex(vector["frameHex"])
        decoded = decode_frame(frame, document["limits"])
        problems = []
        if "error" in vector:
            if decoded != vector["error"]:
                problems.append(f"decodes to {decoded!r}, not {vector['error']}")
        else:
            header, payload = vector["header"].encode("utf-8"), bytes.fromhex(vector["payloadHex"])
            encoded = struct.pack("<IQ", len(header), len(payload)) + header + payload
            if encoded != frame:
                problems.append("header and payload do not encode to frameHex")
            if decoded != (vector["header"], payload):
                problems.append(f"frameHex decodes to {decoded!r}")
            problems += [e for e in [first_error(envelope, json.loads(vector["header"]))] if e]
        checks.report(f"vector: {vector['name']}", problems)


def check_plugin(checks):
    plugin = load(MANIFESTS / "plugin.json")
    problems = [e for e in [first_error(Draft202012Validator(load(MANIFESTS / "plugin.schema.json")), plugin)] if e]
    checks.report("plugin.json follows plugin.schema.json", problems)
    if problems:
        return
    checks.report("plugin.json speaks protocol 1", [] if plugin["protocol"] == 1 else [f"protocol is {plugin['protocol']}"])
    for command in plugin["commands"]:
        checks.report(f"plugin command {command['id']} matches request.{command['method']}.json", command_problems(command))


def command_problems(command):
    """Each parameter must be a params member of the method with the same type and bounds."""
    path = PROTOCOL / "schema" / f"request.{command['method']}.json"
    if not path.exists():
        return [f"no schema for method {command['method']}"]
    params = load(path)["properties"]["params"]["properties"]
    problems = []
    for parameter in command["parameters"]:
        name = parameter["name"]
        if name not in params:
            problems.append(f"{name}: not a parameter of {command['method']}")
            continue
        declared = params[name]
        if declared.get("type") != parameter["type"]:
            problems.append(f"{name}: type {parameter['type']} but the protocol says {declared.get('type')}")
        for bound in ("minimum", "maximum", "exclusiveMinimum"):
            if declared.get(bound) != parameter.get(bound):
                problems.append(f"{name}: {bound} {parameter.get(bound)} but the protocol says {declared.get(bound)}")
    return problems


def main():
    checks = Checks()
    check_schemas(checks)
    check_examples(checks)
    check_vectors(checks)
    check_plugin(checks)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
