#!/usr/bin/env bash
# Runs every fuzz target of the module for a short while: each FuzzXxx that
# `go test -list` finds, in its own package, for FUZZTIME (default 5s).
# Targets added later are run without editing this script.
#
# usage: scripts/fuzz.sh [PACKAGES...]     (default ./...)
#
#   FUZZTIME   how long each target fuzzes, as go test's -fuzztime (a
#              duration such as 5s, or a count such as 1000x); default 5s
#   FUZZMINIMIZETIME  how long Go may shrink each new input, as go test's
#              -fuzzminimizetime; default 1s (Go's own default, 60s an
#              input, stalls a short run on large inputs such as workbooks)
#
# A crash makes Go write the failing input under testdata/fuzz/FuzzXxx/ of
# the target's package. The script runs every target even after one fails,
# then prints each new input with the command that replays it, and exits 1:
# commit the input with the fix, so that `go test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-5s}
minimizetime=${FUZZMINIMIZETIME:-1s}
packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
	packages=(./...)
fi

# `go test -list` prints a package's matching names, then "ok <package>".
targets=$(go test -list '^Fuzz' "${packages[@]}" | awk '
	/^Fuzz/ { names[n++] = $1; next }
	/^ok/ { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }
')
if [ -z "$targets" ]; then
	echo "fuzz: no fuzz target found in ${packages[*]}" >&2
	exit 1
fi

# Inputs that were there before, to tell the new ones apart; the output of
# the target running, shown only when it fails.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
before=$work/before log=$work/log
find . -path '*/testdata/fuzz/Fuzz*/*' -type f | sort >"$before"

failed=()
count=0
start=$SECONDS
# fuzz runs one target; it fails as go test does.
fuzz() {
	go test -run '^$' -fuzz "^${2}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimizetime" "$1" >"$log" 2>&1
}

# spurious tells a failure that found nothing: Go 1.26's fuzzing coordinator
# can report its own -fuzztime deadline as "context deadline exceeded" when
# the machine is busy (golang/go#75804, fixed in Go 1.27), writing no input.
# A found input is a file under testdata/fuzz/; such a failure is run once
# more, and fails the run if it fails again.
spurious() {
	grep -q 'context deadline exceeded' "$log" &&
		[ -z "$(find . -path '*/testdata/fuzz/Fuzz*/*' -type f | sort | comm -13 "$before" -)" ]
}

while read -r pkg name; do
	count=$((count + 1))
	t0=$SECONDS
	if fuzz "$pkg" "$name"; then
		echo "fuzz: ok   $pkg $name ($((SECONDS - t0))s)"
	elif spurious && echo "fuzz: again $pkg $name: Go's fuzzing deadline, no input found" && fuzz "$pkg" "$name"; then
		echo "fuzz: ok   $pkg $name ($((SECONDS - t0))s, run twice)"
	else
		echo "fuzz: FAIL $pkg $name ($((SECONDS - t0))s)"
		tail -n 30 "$log"
		failed+=("$pkg $name")
	fi
done <<<"$targets"
echo "fuzz: $count targets, ${fuzztime} each, in $((SECONDS - start))s"

if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: ${#failed[@]} targets failed: ${failed[*]}" >&2
	find . -path '*/testdata/fuzz/Fuzz*/*' -type f | sort | comm -13 "$before" - | while read -r f; do
		dir=$(dirname "$f")
		echo "fuzz: new failing input $f; replay with: go test -run '$(basename "$dir")/$(basename "$f")' $(dirname "$(dirname "$(dirname "$dir")")")" >&2
		cat "$f" >&2
	done
	exit 1
fi
