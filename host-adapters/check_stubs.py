#!/usr/bin/env python3
"""Checks the host adapters' compile-time stubs against the hosts' sources.

Each stub file's header names the source file and the repository tag it mirrors ("Mirrors PATH at
OWNER/REPO tag TAG"). For every method, constructor and field the stub declares (private
constructors aside: they only keep stubs from being instantiated), this finds a declaration in that
file at that tag with the same modifiers that matter (static), return type, name and parameter types.
It needs a git clone of each repository, given as OWNER/REPO=PATH; no network.

    host-adapters/check_stubs.py qupath/qupath=~/src/qupath qupath/qupath-fxtras=~/src/qupath-fxtras \\
        openjdk/jfx=~/src/jfx micro-manager/micro-manager=~/src/micro-manager scijava/scijava-common=~/src/scijava-common

Prints one line per stub file and ends with "N passed, N failed".
"""

import re
import subprocess
import sys
from pathlib import Path

HEADER = re.compile(r"Mirrors\s+\*?\s*(\S+)\s+\*?\s*at\s+(\S+)\s+tag\s+([^\s:]+)", re.S)
DECLARATION = re.compile(r"^\s*((?:@\w+(?:\([^)]*\))?\s+)*)([\w\s<>\[\],.?]*?)\b(\w+)\s*\(([^)]*)\)\s*(?:throws\s+[\w.,\s]+)?\s*[{;]", re.M)
MODIFIERS = {"public", "protected", "private", "static", "final", "abstract", "default", "synchronized", "native"}


def erase(type_text):
    """A type as the signature sees it: whitespace and annotations dropped, generics kept."""
    type_text = re.sub(r"@\w+(\([^)]*\))?", "", type_text)
    return re.sub(r"\s+", "", type_text)


def split_parameters(text):
    parameters, depth, current = [], 0, ""
    for c in text:
        if c == "," and depth == 0:
            parameters.append(current)
            current = ""
            continue
        depth += c == "<"
        depth -= c == ">"
        current += c
    if current.strip():
        parameters.append(current)
    return parameters


def signatures(source):
    """(static?, return type, name, parameter types) of every declaration with a parameter list."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"//[^\n]*", "", source)
    found = set()
    for match in DECLARATION.finditer(source):
        words = match.group(2).split()
        if not words and match.group(3) in {"if", "for", "while", "switch", "catch", "synchronized", "return", "new"}:
            continue
        modifiers = {w for w in words if w in MODIFIERS}
        rest = [w for w in words if w not in MODIFIERS]
        if any(w in {"new", "return", "=", "throw"} for w in rest) or match.group(3) in {"if", "for", "while", "switch", "catch", "super", "this"}:
            continue
        returns = erase(" ".join(rest)) if rest else ""
        returns = re.sub(r"^<[^>]*>", "", returns)
        parameters = tuple(erase(re.sub(r"\s+\w+\s*$", "", re.sub(r"\bfinal\b", "", p))).replace("...", "[]")
                           for p in split_parameters(match.group(4)))
        # A constructor neither public nor protected exists in a stub only to keep it compiling.
        artifact = not returns and not modifiers & {"public", "protected"}
        found.add(("static" in modifiers, returns, match.group(3), parameters, artifact))
    return found


def main(arguments):
    clones = dict(argument.split("=", 1) for argument in arguments)
    passed = failed = 0
    for stub in sorted(Path(__file__).parent.glob("*/stubs/**/*.java")):
        text = stub.read_text(encoding="utf-8")
        header = HEADER.search(text)
        if header is None:
            print(f"FAIL {stub}: no 'Mirrors PATH at REPO tag TAG' header")
            failed += 1
            continue
        path, repository, tag = header.groups()
        if repository not in clones:
            print(f"skip {stub}: no clone of {repository} given")
            continue
        try:
            upstream = subprocess.run(["git", "-C", str(Path(clones[repository]).expanduser()), "show", f"{tag}:{path}"],
                                      check=True, capture_output=True, text=True).stdout
        except subprocess.CalledProcessError as error:
            print(f"FAIL {stub}: {repository} {tag}:{path}: {error.stderr.strip()}")
            failed += 1
            continue
        real = {signature[:4] for signature in signatures(upstream)}
        if not any(s[1] == "" and s[2] == stub.stem for s in real):
            real.add((False, "", stub.stem, ()))  # the implicit public constructor of a class that declares none
        missing = [s for s in signatures(text) if not s[4] and s[:4] not in real]
        if missing:
            print(f"FAIL {stub}: not in {repository} {tag}:{path}: " + "; ".join(f"{'static ' if s[0] else ''}{s[1]} {s[2]}({', '.join(s[3])})" for s in missing))
            failed += 1
        else:
            print(f"ok   {stub.relative_to(Path(__file__).parent)} = {repository} {tag}:{path}")
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
