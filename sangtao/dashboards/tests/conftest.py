from sangtao.plans.tests.conftest import pw  # noqa: F401  (the same plan world as the plans tests)
