import pytest


@pytest.fixture(autouse=True)
def _semantic_on(semantic):
    """Every test of the search runs with search by meaning, as an instance does."""
