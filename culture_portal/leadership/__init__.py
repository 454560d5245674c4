"""Leadership's view across the apps: the dashboard and the periodic summary report.

DESIGN: the cross-app dashboards and reports live in a module of their own on top of every app and only read from
them; the rest of the core still imports no app. It is a Django app of its own (label "leadership") so that its
tables and permissions migrate apart from the core's.
"""
