import os

from django.core.wsgi import get_wsgi_application

from culture_portal.process_tuning import tune_garbage_collection
from culture_portal.startup import load_settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "culture_portal.settings")
load_settings_or_exit()
application = get_wsgi_application()
tune_garbage_collection()  # once each gunicorn worker has loaded the application
