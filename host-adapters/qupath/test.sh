#!/usr/bin/env bash
# Builds the QuPath extension and runs its tests. javac --release 8 for the Java client it bundles,
# --release 17 for the extension, compiled against stubs/ (QuPath v0.5.1's API, never packaged);
# target/celldetect-qupath-VERSION.jar is what users install. The tests run with plain java: the
# host-independent QuPath flow (areas, tiles, BufferedImage pixels) against a stand-in service and
# the real one (CELLDETECT_EXECUTABLE, else the repository's ./celldetect, which builds the CLI on
# first use), and the manifest check (menu, registration, bundled plugin.json). Last line:
# "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../build-against-stubs.sh"
build_adapter "$here" qupath 17 "CellDetect QuPath extension" org/celldetect/qupath || exit 1
exec java -Dcelldetect.adapter.jar="$jar" -cp "$jar:$target/client-tests:$target/tests:$target/stubs" org.celldetect.client.TestRunner "$root/manifests" \
  org.celldetect.qupath.QuPathFlowTest org.celldetect.qupath.QuPathManifestTest
