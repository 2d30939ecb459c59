#!/usr/bin/env bash
# Compiles the Java client for Java 8 (javac --release 8; any JDK from 9 on, JDK 17 here) and runs its
# tests with plain java, no JUnit: Json, frames against the specification's vectors, the client and
# ServiceLauncher against stand-in services replaying manifests/protocol/examples (Unix sockets:
# needs Java 16+ to run). Last line: "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classes="$here/target/classes"
test_classes="$here/target/test-classes"
rm -rf "$here/target"
mkdir -p "$classes" "$test_classes"
if ! javac --release 8 -Xlint:all -Xlint:-options -Werror -d "$classes" $(find "$here/src" -name '*.java') \
  || ! javac --release 8 -Xlint:all -Xlint:-options -Werror -cp "$classes" -d "$test_classes" $(find "$here/test" -name '*.java'); then
  echo "0 passed, 1 failed (compilation)"
  exit 1
fi
exec java -cp "$classes:$test_classes" org.celldetect.client.TestRunner "$here/../../manifests"
