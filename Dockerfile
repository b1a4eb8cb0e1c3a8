# One image with every Newswire executable. Users build from source in the
# official Swift image; CI builds the same binaries on the host and copies them
# into the same runtime stage (see docs/OPERATIONS.md when it lands).
ARG SWIFT_IMAGE=swift:6.3-bookworm
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends libzmq3-dev libxml2-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Shared Shared
COPY Services Services
COPY Tests Tests
RUN swift build -c release --static-swift-stdlib \
    && mkdir -p /out && cp .build/release/newswire* /out/ && cp -r .build/release/*.resources /out/

FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libzmq5 libxml2 libsqlite3-0 ca-certificates libstdc++6 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /usr/local/bin/
ENV NEWSWIRE_DATA_DIR=/data NEWSWIRE_DATABASE=/data/newswire.sqlite
VOLUME ["/data"]
CMD ["newswire", "--help"]
