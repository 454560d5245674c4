"""The benchmark's reference: the least a request to the portal costs (WSGI, the whole middleware stack, a short
answer), with no query, template or page work. benchmark_pages reports each page's throughput as a share of it."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def reference(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
