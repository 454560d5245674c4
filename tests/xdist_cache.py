"""The shared Redis cache (CACHE_URL) as one pytest-xdist worker sees it: its own keys, cleared on their own.

Under `make test` two xdist workers (and the Celery worker processes they start) use the same Redis database.
Each gets its own KEY_PREFIX (culture_portal/settings.py), so a rate-limit or lock-out counter of one test never
counts another's requests; and `cache.clear()`, which tests call to start from no counters, deletes only this
worker's keys instead of flushing the database under the other worker's running test.
"""

from django_redis.cache import RedisCache, omit_exception


class XdistWorkerRedisCache(RedisCache):
    @omit_exception  # as clear() itself: a Redis that is down is ignored (IGNORE_EXCEPTIONS)
    def clear(self) -> None:
        self.delete_pattern("*")
