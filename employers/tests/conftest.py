"""The employer tests' shared world: two shops, graduates of each consent level, an officer (tests/employer_world)."""

import pytest

from tests import employer_world


@pytest.fixture
def world(search_clean):
    return employer_world.build()
