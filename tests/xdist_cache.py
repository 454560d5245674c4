"""The shared Redis cache (CACHE_URL) as one pytest-xdist worker sees it: its own keys, cleared on their own.

Under `make test` two xdist workers (and the Celery worker processes they start) use the same Redis database.
Each gets its own KEY_PREFIX (culture_portal/settings.py), so a rate-limit or lock-out counter of one test never
counts another's requests; and `cache.clear()`, which tests call to start from no counters, deletes only this
worker's keys instead of flushing the database under the other worker's running test. A django-redis client
class, not a cache backend of our own: the backend stays the one django-ratelimit's checks know.
"""

from django_redis.client import DefaultClient


class XdistWorkerClient(DefaultClient):
    def clear(self, client=None) -> None:
        self.delete_pattern("*", client=client)
