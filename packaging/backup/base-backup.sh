#!/bin/sh
# Nightly base backup of the BorderDesk database, as postgres on the database server (or
# anywhere pg_basebackup reaches it with a replication role), e.g. from cron:
#   30 2 * * * postgres /usr/local/sbin/borderdesk-base-backup
# Keeps the newest $KEEP backups and removes archived WAL older than the oldest kept one.
set -eu
BASE=${BASE:-/srv/pg-base}
ARCHIVE=${ARCHIVE:-/srv/pg-archive}
KEEP=${KEEP:-2}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

name=$(date -u +%Y%m%dT%H%M%SZ)
# -Xnone: the WAL the backup needs comes from the archive (pg_basebackup waits until the
# archiver has it); -c fast: a checkpoint now rather than a spread one.
"$PGBIN/pg_basebackup" -D "$BASE/$name" -Fp -Xnone -c fast -l "borderdesk $name" "$@"
# Every file against the backup's manifest (its WAL is checked by the restore drill).
"$PGBIN/pg_verifybackup" --no-parse-wal "$BASE/$name"

ls -1d "$BASE"/*/ | sort | head -n -"$KEEP" | xargs -r rm -rf
oldest=$(ls -1d "$BASE"/*/ | sort | head -n 1)
first=$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]*\))$/\1/p' "$oldest/backup_label")
if [ -n "$first" ]; then "$PGBIN/pg_archivecleanup" "$ARCHIVE" "$first"; fi
