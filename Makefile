# make release [VERSION=v1.0.0]: static binaries for Linux, Windows and macOS
# on amd64 and arm64 into dist/, with SHA-256 sums; see scripts/release.sh.
.PHONY: release
release:
	sh scripts/release.sh $(VERSION)
