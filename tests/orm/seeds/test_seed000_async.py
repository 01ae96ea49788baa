"""Seed 000 "Async Operations" as written: ``asyncio.run(main())`` with an AsyncEngine that is never
disposed. The program must end when main() returns (or raises), as it does with SQLAlchemy."""
from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

from orm import Column, Integer, String, declarative_base, select
from orm.ext.asyncio import async_sessionmaker, create_async_engine


def test_aiosqlite_worker_threads_do_not_keep_the_process_alive(tmp_path: Path) -> None:
    Base = declarative_base()

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(String(100))

    async def main() -> list[str]:
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        AsyncSessionLocal = async_sessionmaker(engine)
        async with AsyncSessionLocal() as session:
            session.add(User(name="Anna"))
            await session.commit()
            names = (await session.scalars(select(User.name))).all()
        # no engine.dispose(): the pooled connection (and its aiosqlite thread) stays
        return list(names)

    before = set(threading.enumerate())
    assert asyncio.run(main()) == ["Anna"]
    workers = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert workers, "the pooled aiosqlite connection keeps its worker thread"
    assert all(t.daemon for t in workers)  # was: non-daemon, the interpreter waited at exit forever


def test_a_script_that_never_disposes_its_async_engine_exits(tmp_path: Path) -> None:
    script = tmp_path / "seed000_async.py"
    script.write_text(
        "import asyncio\n"
        "from orm import text\n"
        "from orm.ext.asyncio import create_async_engine\n"
        "async def main():\n"
        f"    engine = create_async_engine('sqlite+aiosqlite:///{tmp_path / 'b.db'}')\n"
        "    async with engine.connect() as conn:\n"
        "        print((await conn.execute(text('select 1'))).scalar())\n"
        "    raise RuntimeError('the example failing half way')\n"
        "asyncio.run(main())\n"
    )
    # a guard against hanging the suite, not a measurement
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          cwd=str(Path(__file__).resolve().parents[3]))
    assert done.stdout.strip() == "1"
    assert done.returncode == 1 and "RuntimeError: the example failing half way" in done.stderr
