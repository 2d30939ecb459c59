# Sourced by the test scripts of the adapters whose host cannot run here (QuPath, Micro-Manager): builds the
# adapter's jar and its tests the same way for both. Defines build_adapter and, once it has run, $root, $target
# and $jar.
#
#   build_adapter DIR NAME RELEASE TITLE PACKAGE
#     DIR      the adapter's folder (stubs/, src/main/java, src/main/resources, test/)
#     NAME     the jar's name: target/celldetect-NAME-VERSION.jar, VERSION from manifests/plugin.json
#     RELEASE  javac --release of the adapter, its stubs and its tests (the Java client it bundles is always 8)
#     TITLE    the jar manifest's Implementation-Title
#     PACKAGE  the package folder that receives the bundled plugin.json (org/celldetect/qupath)
#
# The host's API is compiled from stubs/ and never packaged. On a compilation error it prints the script's
# last line, "0 passed, 1 failed (compilation)", and returns 1.
build_adapter() {
  local dir="$1" name="$2" release="$3" title="$4" package="$5"
  root="$(cd "$dir/../.." && pwd)"
  target="$dir/target"
  local client="$root/host-adapters/java-client"
  local version
  version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/manifests/plugin.json")"
  jar="$target/celldetect-$name-$version.jar"
  rm -rf "$target"
  mkdir -p "$target/client" "$target/client-tests" "$target/stubs" "$target/classes" "$target/tests"
  local lint=(-Xlint:all -Xlint:-options -Werror)
  if ! javac --release 8 "${lint[@]}" -d "$target/client" $(find "$client/src" -name '*.java') \
    || ! javac --release 8 "${lint[@]}" -cp "$target/client" -d "$target/client-tests" $(find "$client/test" -name '*.java') \
    || ! javac --release "$release" -nowarn -d "$target/stubs" $(find "$dir/stubs" -name '*.java') \
    || ! javac --release "$release" "${lint[@]}" -cp "$target/client:$target/stubs" -d "$target/classes" $(find "$dir/src/main/java" -name '*.java') \
    || ! javac --release "$release" "${lint[@]}" -cp "$target/client:$target/client-tests:$target/stubs:$target/classes" -d "$target/tests" $(find "$dir/test" -name '*.java'); then
    echo "0 passed, 1 failed (compilation)"
    return 1
  fi
  cp -r "$dir/src/main/resources/." "$target/classes/"
  cp "$root/manifests/plugin.json" "$target/classes/$package/plugin.json"
  printf 'Implementation-Title: %s\nImplementation-Version: %s\n' "$title" "$version" > "$target/MANIFEST.MF"
  jar --create --file "$jar" --manifest "$target/MANIFEST.MF" -C "$target/classes" . -C "$target/client" .
}
