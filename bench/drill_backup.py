"""Backup and restore drill (issue 8 §3): back up a database and a media directory with
scripts/backup.sh, restore them with scripts/restore.sh into a new, empty database and directory, and
compare the row count of every table and the checksum of every file. Prints each step's time.

    .venv/bin/python bench/drill_backup.py [--source postgres://postgres@127.0.0.1:5432/sangtao_bench]
                                           [--media DIR] [--files 300]

Without --media it makes a media directory of --files generated uploads (nested folders, Vietnamese
names) since the generated data sets hold no files. The restored database is dropped at the end
(--keep to leave it). Exit status 1 when anything differs.
"""

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def checksums(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def make_media(root: Path, n: int) -> None:
    rnd = random.Random(454)
    folders = [
        "clubs/activities/2024/03",
        "plans/evidence/2024",
        "initiatives/2023-2024",
        "outreach/documents",
    ]
    for i in range(n):
        folder = root / rnd.choice(folders)
        folder.mkdir(parents=True, exist_ok=True)
        name = rnd.choice(["bien-ban", "Báo cáo sơ kết", "ảnh hoạt động", "quyet-dinh"]) + f" {i}"
        ext = rnd.choice([".pdf", ".jpg", ".docx", ".xlsx"])
        (folder / (name + ext)).write_bytes(rnd.randbytes(rnd.randint(1_000, 200_000)))


def run(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env={**os.environ, **env}, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="postgres://postgres@127.0.0.1:5432/sangtao_bench")
    parser.add_argument("--media", type=Path, help="a media directory to back up (default: generated files)")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    args = parser.parse_args()

    target_name = f"sangtao_drill_restore_{os.getpid()}"
    target = with_db(args.source, target_name)
    admin = with_db(args.source, "postgres")
    with tempfile.TemporaryDirectory(prefix="sangtao-drill-") as tmp:
        tmp = Path(tmp)
        media = args.media or tmp / "media"
        if args.media is None:
            make_media(media, args.files)
        backup, restored_media = tmp / "backup", tmp / "restored-media"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{target_name}"')
        try:
            t_backup = run(
                ["scripts/backup.sh", str(backup)], {"DATABASE_URL": args.source, "MEDIA_ROOT": str(media)}
            )
            t_restore = run(
                ["scripts/restore.sh", str(backup)],
                {"DATABASE_URL": target, "MEDIA_ROOT": str(restored_media)},
            )
            started = time.perf_counter()
            before, after = table_counts(args.source), table_counts(target)
            files_before, files_after = checksums(media), checksums(restored_media)
            t_compare = time.perf_counter() - started
        finally:
            if not args.keep:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
        size = sum(f.stat().st_size for f in backup.iterdir())

    rows = sum(before.values())
    tables_differ = {
        t: (before.get(t), after.get(t))
        for t in before.keys() | after.keys()
        if before.get(t) != after.get(t)
    }
    files_differ = sorted(set(files_before.items()) ^ set(files_after.items()))
    print(
        f"Source {urlsplit(args.source).path[1:]}: {len(before)} tables, {rows:,} rows; {len(files_before)} files"
    )
    print(
        f"backup {t_backup:.1f} s ({size / 1e6:.1f} MB) · restore {t_restore:.1f} s · compare {t_compare:.1f} s "
        f"· total {t_backup + t_restore + t_compare:.1f} s"
    )
    if tables_differ or files_differ:
        print(f"DIFFERENT: tables {tables_differ} files {files_differ[:10]}")
        return 1
    print(
        f"Identical: every table's row count ({len(after)} tables) and every file's SHA-256 ({len(files_after)} files)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
