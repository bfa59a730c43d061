#!/usr/bin/env bash
# Makes the local base image the container tests build on, since no registry is reachable here:
# `debootstrap --variant=minbase bookworm` (~20 s), cleaned of apt's caches, imported into podman's/buildah's storage
# as $1 (default localhost/confetti-base:bookworm). The rootfs is cached in $CONFETTI_ROOTFS_CACHE
# (default /var/cache/confetti-test/bookworm-minbase) between runs on the same machine; an image already in storage
# is kept. Needs root, debootstrap and podman. With Docker, build on debian:bookworm-slim instead (the default BASE).
set -euo pipefail
image="${1:-localhost/confetti-base:bookworm}"
cache="${CONFETTI_ROOTFS_CACHE:-/var/cache/confetti-test/bookworm-minbase}"
if podman image exists "$image"; then
  exit 0
fi
if [ ! -f "$cache/etc/debian_version" ]; then
  rm -rf "$cache.tmp"
  mkdir -p "$(dirname "$cache")"
  debootstrap --variant=minbase bookworm "$cache.tmp" >&2
  rm -rf "$cache.tmp"/var/cache/apt/archives/*.deb "$cache.tmp"/var/lib/apt/lists/*
  rm -rf "$cache"
  mv "$cache.tmp" "$cache"
fi
tar -C "$cache" --numeric-owner -c . | podman import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
echo "imported $image from $cache" >&2
