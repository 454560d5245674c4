"""Pages of the inspections app, a module per subject; inspections/urls.py routes to them.

Inspections are read only through selectors.inspections_visible_to() (access.inspection_for_user() for one),
corrective actions through corrective_actions.actions_visible_to(); what a user may do with them is asked of
inspections/access.py. Nothing outside the app imports views, so this package re-exports nothing.
"""
