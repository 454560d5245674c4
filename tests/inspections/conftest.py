from tests.regulations.conftest import code_of_conduct  # noqa: F401 - shared fixture
