# One image with every Newswire executable (newswire, newswire-broker,
# newswire-fetcher, newswire-parser, newswire-enricher, newswire-storage).
#
# The binaries come from one of two places, chosen by the BINARIES build arg;
# both feed the same `runtime` stage, so CI tests the image users run:
#   BINARIES=source    (default) built here in the official Swift image: `docker compose up --build`
#   BINARIES=prebuilt  copied from .build-docker/bin/, built on the host with
#                      `swift build -c release --static-swift-stdlib` (scripts/compose/ci-test.sh;
#                      used where no registry is reachable, so no Swift image can be pulled)
# BuildKit builds only the stages the chosen path needs.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim
ARG BINARIES=source

FROM ${SWIFT_IMAGE} AS binaries-source
RUN apt-get update \
    && apt-get install -y --no-install-recommends libzmq3-dev libxml2-dev libsqlite3-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Shared Shared
COPY Services Services
# SwiftPM checks every declared target's path, test targets included.
COPY Tests Tests
RUN swift build -c release --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && mkdir -p /out \
    && cp "$bin"/newswire "$bin"/newswire-broker "$bin"/newswire-fetcher "$bin"/newswire-parser \
          "$bin"/newswire-enricher "$bin"/newswire-storage /out/ \
    && cp -R "$bin"/*.resources /out/

FROM scratch AS binaries-prebuilt
COPY .build-docker/bin/ /out/

FROM binaries-${BINARIES} AS binaries

# The runtime stage both paths share: Debian bookworm, the C libraries the
# static Swift binaries link against, and the binaries with their SwiftPM
# resource bundles beside them (Bundle.module looks next to the executable on
# Linux: the enricher's gazetteers and lexicons, the sample site).
FROM ${RUNTIME_IMAGE} AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends libzmq5 libxml2 libsqlite3-0 libstdc++6 ca-certificates tzdata \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home newswire \
    && mkdir -p /data \
    && chown newswire:newswire /data
COPY --from=binaries /out/ /usr/local/bin/
# Named volumes start as a copy of /data, so they belong to the newswire user.
USER newswire
WORKDIR /data
ENV NEWSWIRE_DATA_DIR=/data \
    NEWSWIRE_DATABASE=/data/newswire.sqlite
VOLUME ["/data"]
EXPOSE 5555 8088
CMD ["newswire", "--help"]
