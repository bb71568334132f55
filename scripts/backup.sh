#!/usr/bin/env bash
# Back up Sáng Tạo: the PostgreSQL database of DATABASE_URL (pg_dump, custom format) and the uploaded
# files of MEDIA_ROOT (a tar), with a SHA-256 manifest of every file and of both archives.
#
#   DATABASE_URL=postgres://user@host:5432/sangtao MEDIA_ROOT=/srv/sangtao/media scripts/backup.sh [DIR]
#
# Writes DIR (default var/backups/<UTC timestamp>): database.dump, media.tar, media.sha256 (one line per
# uploaded file, relative to MEDIA_ROOT) and SHA256SUMS (the two archives and the manifest).
# scripts/restore.sh puts it back; bench/drill_backup.py proves that it does.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL (postgres://…) to the database to back up}"
MEDIA_ROOT="${MEDIA_ROOT:-var/media}"
DIR="${1:-var/backups/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$DIR"

started=$(date +%s.%N)
# -Fc: compressed, restorable table by table and in parallel; no owner or privileges so that it
# restores into any role's empty database.
pg_dump --format=custom --no-owner --no-privileges --file="$DIR/database.dump" "$DATABASE_URL"

if [ -d "$MEDIA_ROOT" ]; then
  (cd "$MEDIA_ROOT" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) > "$DIR/media.sha256"
  tar --create --file="$DIR/media.tar" --directory="$MEDIA_ROOT" .
else
  : > "$DIR/media.sha256"
  tar --create --file="$DIR/media.tar" --files-from=/dev/null
fi
(cd "$DIR" && sha256sum database.dump media.tar media.sha256 > SHA256SUMS)

elapsed=$(echo "$(date +%s.%N) - $started" | bc)
echo "Backup in $DIR: database $(du -h "$DIR/database.dump" | cut -f1), $(wc -l < "$DIR/media.sha256") files ($(du -h "$DIR/media.tar" | cut -f1)), ${elapsed%.*}s"
