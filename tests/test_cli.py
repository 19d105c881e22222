"""The command line: settings errors are named, no token points to the demo, the demo runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LIENLAC_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **(env or {})},
        cwd=cwd,
        check=False,
    )


def test_run_without_a_token_explains_the_demo_and_botfather(tmp_path: Path) -> None:
    result = run("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "python -m bot demo" in result.stderr
    assert "BotFather" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LIENLAC_TIMEZONE", "Mars/Olympus"),
        ("LIENLAC_SUPERADMINS", "abc"),
        ("LIENLAC_API_BASE_URL", "http://127.0.0.1:8081/"),
        ("LIENLAC_BOT_TOKEN", "not-a-token"),
        ("LIENLAC_QUIET_HOURS", "25:00-07:00"),
    ],
)
def test_a_wrong_setting_stops_start_up_and_is_named(
    tmp_path: Path, name: str, value: str
) -> None:
    result = run("run", env={name: value}, cwd=tmp_path)
    assert result.returncode == 2
    assert name in result.stderr


def test_migrate_creates_the_database(tmp_path: Path) -> None:
    result = run("migrate", env={"LIENLAC_DATABASE": str(tmp_path / "x.sqlite3")}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.sqlite3").exists()


def test_the_demo_runs_and_speaks_vietnamese(tmp_path: Path) -> None:
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Đồng chí có đồng ý không?" in out
    assert "đã xác nhận đăng ký" in out
    assert "Không có thông tin nào của đồng chí được lưu lại" in out
    assert "Kết thúc phần trình diễn" in out
    assert "Traceback" not in result.stderr
