#!/usr/bin/env bash
# Builds the ImageJ/Fiji plugin jar, target/CellDetect_ImageJ.jar: this adapter and the Java client
# (../java-client) compiled for Java 8 (javac --release 8) against ImageJ 1.x, with plugins.config (the
# menu entries) and manifests/plugin.json (the dialog's parameters). Usage: build.sh [IJ_JAR], default
# Debian's /usr/share/java/ij.jar. Prints the jar's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ij_jar="${1:-/usr/share/java/ij.jar}"
classes="$here/target/classes"
jar_file="$here/target/CellDetect_ImageJ.jar"
rm -rf "$classes" "$jar_file"
mkdir -p "$classes/org/celldetect/imagej"
javac --release 8 -Xlint:all -Xlint:-options -Werror -encoding UTF-8 -cp "$ij_jar" -d "$classes" \
  $(find "$here/src" "$here/../java-client/src" -name '*.java')
cp "$here/resources/plugins.config" "$classes/"
cp "$here/../../manifests/plugin.json" "$classes/org/celldetect/imagej/plugin.json"
jar cf "$jar_file" -C "$classes" .
echo "$jar_file"
