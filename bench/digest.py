"""Digest: a district-sized database (250 branches, 5,000 members away, two years of weekly
check-ins and monthly dues) and the time to build every branch's Monday digest.

    .venv/bin/python bench/digest.py [branches] [members per branch]

Builds each digest as the planner does (every section, the chart's 12-week series) and renders
its text. Prints the CPU time for all of them, the median time of one, the time to draw one
chart (not part of the goal: it is drawn when the digest is sent), and the process's peak
memory. Last line:

    digest: all <branches> branches <cpu seconds> s cpu, one <milliseconds> ms, peak <MB> MB

Goal: all 250 in under 2 s of CPU, one in under 20 ms, peak under 200 MB.
"""

from __future__ import annotations

import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.dues.rates import monthly_amount, rate_book
from bot.core.kernel.calendar import Month
from bot.core.kernel.clock import ManualClock
from bot.core.kernel.dues_profile import DuesProfile
from bot.sandbox.seed import seed_branch
from bot.services import build_services
from bot.storage.db import Database, to_db
from bot.views.chart import weekly_chart
from bot.views.digest import digest_text

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 11, 30, 7, 30, tzinfo=VN)
START = MONDAY - timedelta(weeks=104)


async def seed(db: Database, branches: int, per_branch: int) -> None:
    rng = random.Random(7)
    book = rate_book()
    for number in range(branches):
        seeded = await seed_branch(
            db,
            name=f"Chi bộ {number + 1:03d}",
            members=per_branch,
            approved_at=START,
            first_chat_id=1_000_000 + number * 1_000,
            secretary_chat=500_000 + number,
        )
        ids = [
            row[0]
            for row in await db.fetch_all(
                "SELECT id FROM members WHERE branch_id = ? AND role = 'member'",
                (seeded.branch_id,),
            )
        ]
        secretary = await db.fetch_value(
            "SELECT id FROM members WHERE branch_id = ? AND role = 'secretary'",
            (seeded.branch_id,),
        )
        checkins, prompts, reports, confirmations = [], [], [], []
        next_id = int(await db.fetch_value("SELECT COALESCE(MAX(id), 0) FROM dues_ledger")) + 1
        for member in ids:
            diligence = rng.random()  # some members answer every week, some rarely
            for week in range(104):
                at = START + timedelta(weeks=week, hours=rng.randrange(1, 150))
                if week % 2 == 0:
                    prompts.append((member, at.date().isoformat(), to_db(at)))
                if rng.random() < 0.5 + diligence / 2:
                    checkins.append((member, to_db(at + timedelta(hours=3)), "same"))
            month = Month.of(START.date())
            while month <= Month.of(MONDAY.date()):
                day = to_db(datetime(month.year, month.month, 6, 20, 0, tzinfo=VN))
                if day < to_db(MONDAY) and rng.random() < 0.6 + diligence / 2.5:
                    reports.append((next_id, member, seeded.branch_id, day, month.iso()))
                    if rng.random() < 0.95 or month < Month.of(MONDAY.date()):
                        amount = monthly_amount(DuesProfile(), month, book=book).amount
                        row = (member, seeded.branch_id, day, secretary, month.iso(), amount)
                        confirmations.append((*row, next_id))
                    next_id += 1
                month = month.next()
        async with db.transaction():
            await db.execute_many(
                "INSERT INTO checkins (member_id, at, kind) VALUES (?, ?, ?)", checkins
            )
            await db.execute_many(
                "INSERT INTO checkin_prompts (member_id, due_date, planned_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                prompts,
            )
            await db.execute_many(
                "INSERT INTO dues_ledger (id, member_id, branch_id, kind, at, months, method)"
                " VALUES (?, ?, ?, 'report', ?, ?, 'portal')",
                reports,
            )
            await db.execute_many(
                "INSERT INTO dues_ledger (member_id, branch_id, kind, at, actor_id, months,"
                " amount, method, report_id) VALUES (?, ?, 'confirmation', ?, ?, ?, ?, 'portal',"
                " ?)",
                confirmations,
            )


async def main(branches: int, per_branch: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lienlac-digest-") as folder:
        settings = Settings(_env_file=None, database=Path(folder) / "bench.sqlite3")  # type: ignore[call-arg]
        db = Database(settings.database)
        await db.connect()
        started = time.perf_counter()
        await seed(db, branches, per_branch)
        counts = {
            table: await db.fetch_value(f"SELECT COUNT(*) FROM {table}")
            for table in ("members", "checkins", "checkin_prompts", "dues_ledger")
        }
        print(f"seeded in {time.perf_counter() - started:.1f} s: {counts}")
        services = build_services(
            settings, db, ManualClock(MONDAY), wake_sender=lambda _chat: None
        )
        branch_ids = [row[0] for row in await db.fetch_all("SELECT id FROM branches ORDER BY id")]

        cpu = time.process_time()
        digests = []
        for branch_id in branch_ids:
            digest = await services.digest.build(branch_id, MONDAY)
            digest_text(digest, VN)
            digests.append(digest)
        all_cpu = time.process_time() - cpu

        singles = []
        for branch_id in branch_ids[:: max(1, len(branch_ids) // 25)]:
            began = time.perf_counter()
            digest_text(await services.digest.build(branch_id, MONDAY), VN)
            singles.append((time.perf_counter() - began) * 1000)
        one = statistics.median(singles)

        sample = digests[0]
        ends = [end.astimezone(VN).date() for end in sample.series_ends]
        began = time.perf_counter()
        png = weekly_chart(ends, sample.series, sample.branch_name)
        chart_ms = (time.perf_counter() - began) * 1000
        names = sum(len(d.entries) for d in digests)
        print(f"entries named across all digests: {names}")
        print(f"chart: {chart_ms:.0f} ms to draw one ({len(png) // 1024} KB), drawn when sent")
        await db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"digest: all {len(branch_ids)} branches {all_cpu:.2f} s cpu, one {one:.1f} ms, "
        f"peak {peak:.0f} MB"
    )


if __name__ == "__main__":
    arguments = [int(arg) for arg in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [250, 20][len(arguments) :])))
