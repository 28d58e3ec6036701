#!/bin/sh
# Runs once, when the source database is initialised: lets password-authenticated users open the
# replication connections PeerDB uses for CDC (the image's pg_hba.conf only covers normal connections).
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
