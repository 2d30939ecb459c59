#!/usr/bin/env bash
# End-to-end tests of the ImageJ/Fiji plugin in Debian's ImageJ 1.53t against a real service:
#  1. builds the plugin jar (build.sh) and the tests; makes the test images with ImageJ (a 16-bit stack
#     of 3 slices and a 32-bit copy of the fluorescence sample) and has `celldetect detect` write its
#     results for them (building the command line through ./celldetect when needed);
#  2. starts `celldetect serve` on a temporary socket;
#  3. runs the plugin from the menu bar in ImageJ's GUI under Xvfb (MenuTest), which photographs the
#     dialog and the result into target/screenshots (into docs/images, for docs/imagej.md, when
#     CELLDETECT_UPDATE_SCREENSHOTS=1, so that a test run leaves the checkout as it was); then as the
#     recorded macro call in `ImageJ -batch`
#     under Xvfb, with the jar only in the plugins folder (batch-test.ijm); then headless through
#     IJ.runPlugIn (HeadlessTests, which also checks the -batch macro's output files);
#  4. stops the service.
# Installs imagej and xvfb when missing (needs root or sudo the first time). Last line: "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ij_jar=/usr/share/java/ij.jar

missing=()
for package in imagej xvfb; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "could not install ${missing[*]}" >&2
fi

passed=0
failed=0
# Short: Unix socket paths are limited to about 108 bytes.
work="$(mktemp -d /tmp/cdij.XXXXXX)"
service_pid=""
stop_service() {
  if [ -n "$service_pid" ]; then
    kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
    service_pid=""
  fi
}
trap 'stop_service; rm -rf "$work"' EXIT

# Adds up a phase's last "N passed, N failed" line; a phase that printed none counts as one failure.
count() {
  local name="$1" log="$2" summary
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)"
  if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "FAIL $name: ended without a result line"
    failed=$((failed + 1))
  fi
}

give_up() {
  echo "$1"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
}

echo "== building the plugin jar and the tests"
jar="$("$here/build.sh" "$ij_jar")" || give_up "FAIL building the plugin jar"
test_classes="$here/target/test-classes"
mkdir -p "$test_classes"
javac --release 8 -Xlint:all -Xlint:-options -Werror -encoding UTF-8 -cp "$ij_jar:$jar" -d "$test_classes" \
  $(find "$here/test" -name '*.java') || give_up "FAIL compiling the tests"

echo "== test images and what the command line finds in them"
mkdir -p "$work/images/he" "$work/images/fluo" "$work/home" "$work/ImageJ/plugins"
cp "$root/samples/he-colon-crchisto-img14.tif" "$work/images/he/"
cp "$root/samples/fluo-hoechst-huh7-23.tif" "$work/images/fluo/"
java -Djava.awt.headless=true -cp "$ij_jar:$jar:$test_classes" org.celldetect.imagej.MakeTestImages \
  "$work/images/fluo/fluo-hoechst-huh7-23.tif" || give_up "FAIL making the test images"
"$root/celldetect" detect "$work/images/he" --model he-nuclei --out "$work/cli/he" \
  && "$root/celldetect" detect "$work/images/fluo" --model fluorescence-nuclei --out "$work/cli/fluo" \
  || give_up "FAIL celldetect detect"

echo "== starting the service"
socket="$work/s.sock"
"$root/celldetect" serve --pipe "$socket" > "$work/service.out" 2> "$work/service.log" &
service_pid=$!
for _ in $(seq 1 600); do
  grep -q "^ready " "$work/service.out" 2>/dev/null && break
  kill -0 "$service_pid" 2>/dev/null || break
  sleep 0.2
done
grep -q "^ready " "$work/service.out" || { cat "$work/service.log"; give_up "FAIL celldetect serve did not get ready"; }

# Settings (IJ_Prefs.txt) in a home of their own; the jar in a plugins folder of its own, as installed.
cp "$jar" "$work/ImageJ/plugins/"
properties=(-Duser.home="$work/home" -Dplugins.dir="$work/ImageJ/plugins" -Dcelldetect.test.work="$work"
  -Dcelldetect.test.pipe="$socket" -Dcelldetect.test.program="$root/celldetect")
xvfb=(timeout -k 10 300 xvfb-run -a -s "-screen 0 1280x1024x24")

echo "== from the menu, in ImageJ's GUI under Xvfb"
screenshots="$here/target/screenshots"
[ "${CELLDETECT_UPDATE_SCREENSHOTS:-0}" = 1 ] && screenshots="$root/docs/images"
mkdir -p "$screenshots"
"${xvfb[@]}" java "${properties[@]}" -Dcelldetect.test.screenshots="$screenshots" -cp "$ij_jar:$jar:$test_classes" \
  ij.ImageJ -port0 -eval 'call("org.celldetect.imagej.MenuTest.run");' > "$work/menu.log" 2>&1
cat "$work/menu.log"
count "MenuTest" "$work/menu.log"

echo "== the recorded macro call in ImageJ -batch under Xvfb (output checked by HeadlessTests)"
"${xvfb[@]}" java "${properties[@]}" -cp "$ij_jar" ij.ImageJ -batch "$here/test/batch-test.ijm" \
  "$work|$socket|$root/celldetect" > "$work/batch.log" 2>&1
cat "$work/batch.log"

echo "== headless, through IJ.runPlugIn"
java -Djava.awt.headless=true "${properties[@]}" -cp "$ij_jar:$jar:$test_classes" org.celldetect.imagej.HeadlessTests \
  > "$work/headless.log" 2>&1
cat "$work/headless.log"
count "HeadlessTests" "$work/headless.log"

stop_service
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
