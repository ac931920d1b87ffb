import pytest

from tie_helpers import new_store


@pytest.fixture
def store(tmp_path):
    s = new_store(str(tmp_path / "t.duckdb"))
    yield s
    s.close()
