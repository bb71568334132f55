#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty media directory.
#
#   DATABASE_URL=postgres://user@host:5432/sangtao_restored MEDIA_ROOT=/srv/sangtao/media scripts/restore.sh DIR
#
# Refuses to run when the archives do not match their SHA256SUMS, when the database already holds
# tables, or when MEDIA_ROOT holds files: a restore never mixes with live data. Checks every restored
# file against the manifest.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="${1:?usage: scripts/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?set DATABASE_URL (postgres://…) to the empty database to restore into}"
MEDIA_ROOT="${MEDIA_ROOT:-var/media}"

started=$(date +%s.%N)
(cd "$DIR" && sha256sum --check --quiet SHA256SUMS) || { echo "The backup in $DIR is damaged (SHA256SUMS)." >&2; exit 1; }

tables=$(psql "$DATABASE_URL" --tuples-only --no-align --command \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "The database of DATABASE_URL is not empty ($tables tables): restore into a new, empty database." >&2
  exit 1
fi
mkdir -p "$MEDIA_ROOT"
if [ -n "$(find "$MEDIA_ROOT" -mindepth 1 -print -quit)" ]; then
  echo "$MEDIA_ROOT is not empty: restore into an empty directory." >&2
  exit 1
fi

# One transaction: a restore that fails half-way leaves the database empty, not half-filled.
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" "$DIR/database.dump"
tar --extract --file="$DIR/media.tar" --directory="$MEDIA_ROOT"
if [ -s "$DIR/media.sha256" ]; then
  (cd "$MEDIA_ROOT" && sha256sum --check --quiet "$(realpath "$DIR")/media.sha256")
fi

elapsed=$(echo "$(date +%s.%N) - $started" | bc)
echo "Restored $DIR into $(basename "${DATABASE_URL%%\?*}") and $MEDIA_ROOT: ${elapsed%.*}s"
