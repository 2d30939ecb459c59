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
root="$(cd "$here/../.." && pwd)"
client="$root/host-adapters/java-client"
target="$here/target"
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/manifests/plugin.json")"
jar="$target/celldetect-qupath-$version.jar"
rm -rf "$target"
mkdir -p "$target/client" "$target/client-tests" "$target/stubs" "$target/classes" "$target/tests"
lint=(-Xlint:all -Xlint:-options -Werror)
if ! javac --release 8 "${lint[@]}" -d "$target/client" $(find "$client/src" -name '*.java') \
  || ! javac --release 8 "${lint[@]}" -cp "$target/client" -d "$target/client-tests" $(find "$client/test" -name '*.java') \
  || ! javac --release 17 -nowarn -d "$target/stubs" $(find "$here/stubs" -name '*.java') \
  || ! javac --release 17 "${lint[@]}" -cp "$target/client:$target/stubs" -d "$target/classes" $(find "$here/src/main/java" -name '*.java') \
  || ! javac --release 17 "${lint[@]}" -cp "$target/client:$target/client-tests:$target/stubs:$target/classes" -d "$target/tests" $(find "$here/test" -name '*.java'); then
  echo "0 passed, 1 failed (compilation)"
  exit 1
fi
cp -r "$here/src/main/resources/." "$target/classes/"
cp "$root/manifests/plugin.json" "$target/classes/org/celldetect/qupath/plugin.json"
printf 'Implementation-Title: CellDetect QuPath extension\nImplementation-Version: %s\n' "$version" > "$target/MANIFEST.MF"
jar --create --file "$jar" --manifest "$target/MANIFEST.MF" -C "$target/classes" . -C "$target/client" .
exec java -Dcelldetect.adapter.jar="$jar" -cp "$jar:$target/client-tests:$target/tests:$target/stubs" org.celldetect.client.TestRunner "$root/manifests" \
  org.celldetect.qupath.QuPathFlowTest org.celldetect.qupath.QuPathManifestTest
