#!/bin/sh
# Cross-compiles static rflmatch binaries for release into dist/, with the
# version stamped into each, and writes their SHA-256 checksums beside them.
#
# usage: scripts/release.sh [VERSION]
#
#   VERSION          stamped with -ldflags "-X main.version=VERSION" and part of
#                    each file name; by default `git describe --tags --always
#                    --dirty`, or "dev" outside a Git checkout
#   RELEASE_TARGETS  the GOOS/GOARCH pairs to build, separated by spaces; by
#                    default linux, windows and darwin on amd64 and arm64
#   RELEASE_JOBS     how many targets build at once (default 2); each build
#                    uses every core already, so more mostly costs memory
#
# The binaries are dist/rflmatch-VERSION-GOOS-GOARCH (.exe for windows) and
# the checksums dist/SHA256SUMS, in the format of `sha256sum -c`. dist/ is
# emptied first. CGO is off, so each binary is static and runs without a C
# library. The binary for the machine running the script, when built, must
# print the stamped version, or the script fails.
set -eu

cd "$(dirname "$0")/.."

version=${1:-}
if [ -z "$version" ]; then
	version=$(git describe --tags --always --dirty 2>/dev/null || true)
fi
version=${version:-dev}
case $version in
*[!A-Za-z0-9._+-]*)
	echo "release.sh: version $version: only letters, digits and . _ + - are allowed" >&2
	exit 2
	;;
esac

targets=${RELEASE_TARGETS:-linux/amd64 linux/arm64 windows/amd64 windows/arm64 darwin/amd64 darwin/arm64}
jobs=${RELEASE_JOBS:-2}
case $jobs in
'' | *[!0-9]* | 0)
	echo "release.sh: RELEASE_JOBS=$jobs: want a positive number" >&2
	exit 2
	;;
esac

if command -v sha256sum >/dev/null 2>&1; then
	sha256() { sha256sum "$@"; }
elif command -v shasum >/dev/null 2>&1; then
	sha256() { shasum -a 256 "$@"; }
else
	echo "release.sh: neither sha256sum nor shasum is installed" >&2
	exit 2
fi

rm -rf dist
mkdir -p dist

# build GOOS GOARCH builds one target; its output goes to dist/.log-GOOS-GOARCH
# and is shown only when the build fails.
build() {
	ext=
	[ "$1" = windows ] && ext=.exe
	out=dist/rflmatch-$version-$1-$2$ext
	CGO_ENABLED=0 GOOS=$1 GOARCH=$2 go build -trimpath \
		-ldflags "-s -w -X main.version=$version" \
		-o "$out" ./cmd/rflmatch >"dist/.log-$1-$2" 2>&1
}

# Builds run RELEASE_JOBS at a time; each batch is waited for by process id,
# so that a failed build fails the script.
failed=
pids=
running=0
start=$(date +%s)
for target in $targets; do
	goos=${target%/*}
	goarch=${target#*/}
	if [ -z "$goos" ] || [ -z "$goarch" ] || [ "$goos/$goarch" != "$target" ]; then
		echo "release.sh: target $target: want GOOS/GOARCH" >&2
		exit 2
	fi
	build "$goos" "$goarch" &
	pids="$pids $!:$goos-$goarch"
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		for p in $pids; do
			if ! wait "${p%%:*}"; then
				failed="$failed ${p#*:}"
			fi
		done
		pids=
		running=0
	fi
done
for p in $pids; do
	if ! wait "${p%%:*}"; then
		failed="$failed ${p#*:}"
	fi
done

if [ -n "$failed" ]; then
	for t in $failed; do
		echo "release.sh: the build for $t failed:" >&2
		cat "dist/.log-$t" >&2
	done
	exit 1
fi
rm -f dist/.log-*

(cd dist && sha256 rflmatch-* >SHA256SUMS)

# The binary for this machine, if built, must say the version it was given.
host=$(go env GOOS)-$(go env GOARCH)
ext=
[ "$(go env GOOS)" = windows ] && ext=.exe
if [ -f "dist/rflmatch-$version-$host$ext" ]; then
	got=$("dist/rflmatch-$version-$host$ext" --version)
	case $got in
	*"$version"*) ;;
	*)
		echo "release.sh: dist/rflmatch-$version-$host$ext --version printed \"$got\", want $version" >&2
		exit 1
		;;
	esac
fi

echo "release $version: built in $(($(date +%s) - start)) s:"
(cd dist && ls -l rflmatch-* SHA256SUMS | awk '{ printf "  %s  %s\n", $5, $NF }')
