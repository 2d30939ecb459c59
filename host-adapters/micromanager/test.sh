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
root="$(cd "$here/../.." && pwd)"
client="$root/host-adapters/java-client"
target="$here/target"
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/manifests/plugin.json")"
jar="$target/celldetect-micromanager-$version.jar"
rm -rf "$target"
mkdir -p "$target/client" "$target/client-tests" "$target/stubs" "$target/classes" "$target/tests"
lint=(-Xlint:all -Xlint:-options -Werror)
if ! javac --release 8 "${lint[@]}" -d "$target/client" $(find "$client/src" -name '*.java') \
  || ! javac --release 8 "${lint[@]}" -cp "$target/client" -d "$target/client-tests" $(find "$client/test" -name '*.java') \
  || ! javac --release 8 -nowarn -d "$target/stubs" $(find "$here/stubs" -name '*.java') \
  || ! javac --release 8 "${lint[@]}" -cp "$target/client:$target/stubs" -d "$target/classes" $(find "$here/src/main/java" -name '*.java') \
  || ! javac --release 8 "${lint[@]}" -cp "$target/client:$target/client-tests:$target/stubs:$target/classes" -d "$target/tests" $(find "$here/test" -name '*.java'); then
  echo "0 passed, 1 failed (compilation)"
  exit 1
fi
cp -r "$here/src/main/resources/." "$target/classes/"
cp "$root/manifests/plugin.json" "$target/classes/org/celldetect/micromanager/plugin.json"
printf 'Implementation-Title: CellDetect Micro-Manager plugins\nImplementation-Version: %s\n' "$version" > "$target/MANIFEST.MF"
jar --create --file "$jar" --manifest "$target/MANIFEST.MF" -C "$target/classes" . -C "$target/client" .
exec java -Djava.awt.headless=true -Dcelldetect.adapter.jar="$jar" -cp "$jar:$target/client-tests:$target/tests:$target/stubs" \
  org.celldetect.client.TestRunner "$root/manifests" \
  org.celldetect.micromanager.ProcessorTest org.celldetect.micromanager.SwingTest org.celldetect.micromanager.MicroManagerManifestTest
