# rflmatch in a container: a static binary on a distroless base, run as a
# non-root user, with no shell or package manager in the final image.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t rflmatch .
#   docker run --rm -v rflmatch-data:/data -v /secure/place/rflmatch.key:/run/secrets/rflmatch.key:ro \
#       rflmatch ingest --data /data /data/in/tracing.jsonl
#   docker run --rm -p 8080:8080 -v rflmatch-data:/data -v /secure/place/rflmatch.key:/run/secrets/rflmatch.key:ro rflmatch
#
# The default command serves the API of the store in the volume /data on
# port 8080; any other command replaces it. The key is read from
# /run/secrets/rflmatch.key (RFLMATCH_KEY_FILE): mount it there, read-only,
# and never into the image. The store must exist: ingest into the volume, or
# restore a backup into it, before serving.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
# Modules first, so that a change of the sources reuses their layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/rflmatch ./cmd/rflmatch \
 && mkdir -p /out/data

# distroless/static holds CA certificates, time zones and an /etc/passwd
# with the user nonroot (65532), and nothing else: no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/rflmatch /rflmatch
# The volume's directory belongs to the user that writes the store.
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV RFLMATCH_KEY_FILE=/run/secrets/rflmatch.key
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/rflmatch"]
CMD ["serve", "--data", "/data", "--addr", "0.0.0.0:8080"]
