"""Safe file handling for the master: a lock against interleaved runs, atomic saves, backups.

A save writes a temporary file beside the master and renames it over the master only when the
write has finished, so a crash (or a full disk) at any moment leaves the previous master intact.
Before the rename the previous master is copied to ``สำรอง/<name>-<YYYYmmdd-HHMMSS>.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from mchch_xl.domain.issues import FatalError, IssueCode, issue

BACKUP_DIR = "สำรอง"
KEEP_BACKUPS = 20


def excel_lock_file(path: Path) -> Path:
    """Excel writes "~$name.xlsx" beside a workbook while it is open."""
    return path.with_name("~$" + path.name)


def office_lock_file(path: Path) -> Path:
    """LibreOffice writes ".~lock.name.xlsx#" beside a workbook while it is open."""
    return path.with_name(f".~lock.{path.name}#")


def not_a_folder(path: Path) -> None:
    """Raise IsADirectoryError (the command line says it in Thai, exit 2) when a file is to be
    read or written at ``path`` and a folder stands there: before any work, never after it."""
    if Path(path).is_dir():
        raise IsADirectoryError(21, "is a directory", str(path))


def check_not_open(path: Path) -> None:
    for lock in (excel_lock_file(path), office_lock_file(path)):
        if lock.exists():  # left behind when Excel crashed: name it, so staff can remove it
            raise FatalError(
                issue(
                    IssueCode.FILE_002,
                    file=path.name,
                    stale=f" (ถ้าปิด Excel ทุกหน้าต่างแล้วยังขึ้นข้อความนี้ ไฟล์ล็อก '{lock.name}' ข้างไฟล์นี้"
                    " ค้างจากโปรแกรมที่ปิดไม่ปกติ: ลบไฟล์นั้นแล้วลองใหม่)",
                    stale_en=f" (lock file '{lock.name}'; if no program has it open, delete it)",
                )
            )


def is_read_only(path: Path) -> bool:
    """The file's own read-only mark (Windows' attribute, a Unix mode without write bits),
    whoever runs; root on Linux could write it anyway, staff on Windows could not."""
    try:
        return not (path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    except OSError:
        return False


def check_writable(path: Path) -> None:
    """Before a run that will save: the file exists, is not open in Excel, is not read-only."""
    if not path.exists():
        raise FatalError(issue(IssueCode.FILE_004, file=path.name))
    check_not_open(path)
    if is_read_only(path):
        raise FatalError(issue(IssueCode.FILE_005, file=path.name))


def clean_leftovers(path: Path) -> list[Path]:
    """Temporary files an interrupted save left beside the master (``.<stem>.<pid>.tmp.xlsx``
    of a process that is gone): removed on the next run."""
    removed = []
    for tmp in path.parent.glob(f".{path.stem}.*.tmp{path.suffix}"):
        pid = tmp.name[len(path.stem) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextmanager
def master_lock(path: Path) -> Iterator[None]:
    """Only one mchch-xl run at a time on one master; a second caller gets a Thai error."""
    lock = path.with_name(f".{path.name}.lock")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            try:
                pid = int(lock.read_text().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and _pid_alive(pid):
                raise FatalError(issue(IssueCode.FILE_002, file=path.name)) from None
            lock.unlink(missing_ok=True)  # left by a run that crashed
    else:
        raise FatalError(issue(IssueCode.FILE_002, file=path.name))
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        clean_leftovers(path)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def backup(path: Path, now: dt.datetime | None = None) -> Path | None:
    if not path.exists():
        return None
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    shutil.copy2(path, target)
    old = sorted(folder.glob(f"{path.stem}-*{path.suffix}"))
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


def save_atomic(path: Path, write: Callable[[Path], None], keep_backup: bool = True) -> None:
    """Call ``write(temp_path)``, then back up the master and move the temp file over it."""
    path = Path(path)
    not_a_folder(path)  # before anything (a backup of it, a temp file next to it)
    check_not_open(path)
    if path.exists() and is_read_only(path):  # before anything is written: no new backup either
        raise FatalError(issue(IssueCode.FILE_005, file=path.name))
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        write(tmp)
        _fsync(tmp)
    except FatalError:
        tmp.unlink(missing_ok=True)
        raise
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        if getattr(exc, "passthrough", False):  # the writer refused: the caller decides
            raise
        raise FatalError(
            issue(
                IssueCode.FILE_003,
                file=path.name,
                detail=str(exc),
                detail_en=f"{type(exc).__name__}: {exc}",
            )
        ) from exc
    try:
        if keep_backup:
            backup(path)
        os.replace(tmp, path)
    except PermissionError as exc:  # Windows: the master is open in Excel
        tmp.unlink(missing_ok=True)
        raise FatalError(issue(IssueCode.FILE_002, file=path.name)) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FatalError(
            issue(IssueCode.FILE_003, file=path.name, detail=str(exc), detail_en=str(exc))
        ) from exc
