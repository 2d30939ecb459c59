#!/usr/bin/env bash
# Runs every test of the solution, then the protocol's, the host clients' and the host adapters' test
# scripts (manifests/protocol, host-adapters/python, java-client, imagej, qupath, micromanager);
# installs the Debian packages the tests call (libtiff-tools for tiffcp cross-checks, python3-scipy for
# the independent evaluator, python3-jsonschema for the protocol's schemas, imagej and xvfb for the
# ImageJ plugin's tests in ImageJ under a virtual display) when they are missing. Ends with one summary
# line: "tests: N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
packages=(libtiff-tools python3-numpy python3-scipy python3-jsonschema python3-tifffile imagej xvfb)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test dependencies: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}; the tests that call them will fail" >&2; }
fi
# Same allocator settings as ./celldetect (see there): the model tests run libtorch passes too.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824:glibc.malloc.arena_max=1"
log="$(mktemp)"
dotnet test CellDetect.Plugin.sln -c Release --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
# Each script's last line is "N passed, N failed"; a script that ends otherwise counts as one failure.
for script in manifests/protocol/test.sh host-adapters/python/test.sh host-adapters/java-client/test.sh host-adapters/imagej/test.sh \
    host-adapters/qupath/test.sh host-adapters/micromanager/test.sh; do
  echo "== $script"
  script_log="$(mktemp)"
  "./$script" 2>&1 | tee "$script_log"
  script_status=${PIPESTATUS[0]}
  if [[ "$(tail -n 1 "$script_log")" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    failed=$((failed + 1))
  fi
  rm -f "$script_log"
  [ "$script_status" -ne 0 ] && [ "$status" -eq 0 ] && status=$script_status
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status (build error?)" >&2
fi
exit "$status"
