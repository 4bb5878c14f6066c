# syntax=docker/dockerfile:1.4
# A multi-stage build in the style of the Dockerfile reference's examples.

ARG GO_VERSION=1.21
ARG BASE=alpine:3.19

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
ENV CGO_ENABLED=0 \
    GOFLAGS="-trimpath -mod=readonly"
COPY go.mod go.sum ./
RUN go mod download && \
    # comments inside a continuation are dropped
    go mod verify
COPY . .
RUN --network=none go build -o /out/app ./cmd/app

FROM ${BASE} AS runtime
LABEL org.opencontainers.image.title="app" \
      org.opencontainers.image.description="an example \"app\""
RUN addgroup -S app && adduser -S -G app app
COPY --from=build --chown=app:app --chmod=755 /out/app /usr/local/bin/app
COPY <<-EOF /etc/app/config.yaml
	listen: ":8080"
	level: info
	EOF
EXPOSE 8080/tcp
VOLUME ["/var/lib/app"]
USER app
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD wget -qO- http://localhost:8080/health || exit 1
STOPSIGNAL SIGTERM
ONBUILD COPY . /app/src
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
ENTRYPOINT ["/usr/local/bin/app"]
CMD ["--config", "/etc/app/config.yaml"]
