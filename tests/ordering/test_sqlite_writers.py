"""SQLite writers of one process queue on the engine's lock; readers never wait for them."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from ordering.db import Database
from ordering.models import Region


@pytest.fixture
def file_db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'writers.db'}")
    database.create_all()
    yield database
    database.dispose()


def write_lock(db: Database) -> threading.Lock:
    with db.engine.connect() as conn:
        return type(conn.connection.dbapi_connection).write_lock


def test_a_unit_of_work_holds_the_lock_from_its_first_statement_to_commit(file_db):
    lock = write_lock(file_db)
    with file_db.session() as s:
        assert not lock.locked()  # nothing sent yet: the transaction has not begun
        s.add(Region(slug="a", name="A"))
        s.flush()
        assert lock.locked()
    assert not lock.locked()


def test_the_lock_is_released_when_a_unit_of_work_fails(file_db):
    lock = write_lock(file_db)
    with pytest.raises(RuntimeError):
        with file_db.session() as s:
            s.add(Region(slug="a", name="A"))
            s.flush()
            raise RuntimeError("boom")
    assert not lock.locked()
    with file_db.session() as s:  # and the next writer gets in
        s.add(Region(slug="b", name="B"))
    with file_db.read_session() as s:
        assert s.scalars(select(Region.slug)).all() == ["b"]


def test_a_unit_of_work_may_end_in_another_thread(file_db):
    """FastAPI runs a dependency's enter and exit in different worker threads."""
    lock = write_lock(file_db)
    context = file_db.session()
    session = context.__enter__()
    session.add(Region(slug="a", name="A"))
    session.flush()
    errors: list[BaseException] = []

    def finish() -> None:
        try:
            context.__exit__(None, None, None)
        except BaseException as exc:  # noqa: BLE001 - examined below
            errors.append(exc)

    thread = threading.Thread(target=finish)
    thread.start()
    thread.join()
    assert errors == [] and not lock.locked()


def test_readers_do_not_wait_for_a_writer(file_db):
    with file_db.session() as s:
        s.add(Region(slug="a", name="A"))
    lock = write_lock(file_db)
    with file_db.session() as writer:
        writer.add(Region(slug="b", name="B"))
        writer.flush()
        assert lock.locked()
        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.append(_count(file_db)))
        reader.start()
        reader.join(timeout=5)
        assert seen == [1]  # the committed snapshot, at once, while the writer is still open
    assert _count(file_db) == 2


def _count(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Region))


def test_many_writers_of_one_process_all_get_through_in_turn(file_db):
    with file_db.session() as s:
        s.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        s.execute(text("INSERT INTO counter VALUES (0)"))
    barrier = threading.Barrier(40)
    errors: list[BaseException] = []

    def increment() -> None:
        barrier.wait()
        try:
            with file_db.session() as s:
                n = s.scalar(text("SELECT n FROM counter"))  # read-then-write: safe only if serialised
                s.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as exc:  # noqa: BLE001 - examined below
            errors.append(exc)

    threads = [threading.Thread(target=increment) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with file_db.read_session() as s:
        assert s.scalar(text("SELECT n FROM counter")) == 40
