#!/usr/bin/env bash
# Builds the Micro-Manager plugins and runs their tests. javac --release 8 throughout (Micro-Manager
# 2.0 runs on Java 8), the plugins compiled against stubs/ (mmstudio 2.0.0 and SciJava's @Plugin,
# never packaged); target/celldetect-micromanager-VERSION.jar, with the Java client inside, is what
# users put in Micro-Manager's mmplugins folder. The tests run with plain java: the processor as the
# pipeline drives it (on test doubles of mmstudio's images) against a stand-in service and the real
# one (CELLDETECT_EXECUTABLE, else the repository's ./celldetect, which builds the CLI on first use),
# the settings form and results table (headless), and the manifest check (names, SciJava index,
# bundled plugin.json). Last line: "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../build-against-stubs.sh"
build_adapter "$here" micromanager 8 "CellDetect Micro-Manager plugins" org/celldetect/micromanager || exit 1
exec java -Djava.awt.headless=true -Dcelldetect.adapter.jar="$jar" -cp "$jar:$target/client-tests:$target/tests:$target/stubs" \
  org.celldetect.client.TestRunner "$root/manifests" \
  org.celldetect.micromanager.ProcessorTest org.celldetect.micromanager.SwingTest org.celldetect.micromanager.MicroManagerManifestTest
