"""The xdist groups hold: `make test` runs the browser journeys and the query counts of every page each whole in one
xdist worker (tests/conftest.py), which pytest-xdist does by appending the group to the test's node id. pytest 9.2
stopped reading the attribute pytest-xdist 3.8 writes: the groups were split over both workers without a word, until
this test."""

import pytest


@pytest.mark.xdist_group("groups_check")
def test_a_grouped_test_carries_its_group_in_its_node_id(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs under pytest-xdist with --dist loadgroup (make test, make test-fast)")
    assert request.node.nodeid.endswith("@groups_check")
