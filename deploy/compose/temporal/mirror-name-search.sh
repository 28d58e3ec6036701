#!/bin/sh
# Entry point of temporal-admin-tools: creates the Temporal search attribute MirrorName (type Text) that
# every PeerDB workflow start sets (PeerDB's own compose does the same in scripts/mirror-name-search.sh),
# then idles so the container's health check can report that the attribute exists.
set -u
until temporal operator search-attribute list --namespace default >/dev/null 2>&1; do
  echo "waiting for Temporal at ${TEMPORAL_ADDRESS:-?}"
  sleep 2
done
if ! temporal operator search-attribute list --namespace default | grep -qw MirrorName; then
  temporal operator search-attribute create --name MirrorName --type Text --namespace default
fi
exec tini -s -- sleep infinity
