"""Who gets what on GET, for every address of the portal: ONE table, checked by a test.

tests/culture_portal/test_permission_matrix.py walks every URL pattern Django knows (namespaces included),
builds a real address for it from a small world of objects, GETs it anonymously and as each role, and
compares what comes back with this table. A new URL pattern that is missing here fails that test, and so
does an entry here whose pattern no longer exists: a new view cannot escape the matrix.

How to read it
--------------
Keys are the namespaced URL names ("feedback:case", "home"); an unnamed pattern is keyed by its full route
("admin/(?P<url>.*)$"). Each value says, per audience (anonymous, then each role fixture of tests/conftest.py),
what a GET gets:

    allow   2xx, or a 3xx that does not lead to a sign-in page (a page that redirects elsewhere is open)
    login   a redirect to a sign-in page (the portal's, or the admin's for the back office)
    deny    403: the role lacks the permission
    hidden  404: the object is outside the role's scope (or the address never exists for anybody)
    method  405: the view refuses GET (a POST-only action); no role may act on it by following a link

The objects the test uses all belong to WARD-B, outside the unit head's unit (OFFICE-A and its DESK-A), so a
"hidden" for the unit head is real scoping, not a missing object. The inspector fixture leads the inspections;
the feedback case is answered, published, and handled by WARD-B.

Rules instead of rows
---------------------
Django's admin is covered by a rule for its model pages (`admin:<app>_<model>_<action>` and the unnamed
`admin/<app>/<model>/<path:object_id>/` redirects): only administrators are `is_staff`, so every other
audience is sent to the admin's sign-in page, and an administrator gets what ADMIN_MODEL_RIGHTS grants
(403 otherwise). The development media server (`^media/...`, present only with DEBUG on) is a rule too.
The admin's site pages, the auth views and set_language are ordinary rows.

A known, not yet fixed security bug keeps its row CORRECT, carries a `# BUG:` comment, and is listed in
KNOWN_BUGS: the test then expects that pair to fail (xfail, strict) until the view is fixed.
"""

ANONYMOUS = "anonymous"
STAFF = "staff"
INSPECTOR = "inspector"
FEEDBACK_OFFICER = "feedback_officer"
UNIT_HEAD = "unit_head"
LEADERSHIP = "leadership"
ADMINISTRATOR = "administrator"
ROLES = (STAFF, INSPECTOR, FEEDBACK_OFFICER, UNIT_HEAD, LEADERSHIP, ADMINISTRATOR)
AUDIENCES = (ANONYMOUS, *ROLES)

ALLOW, LOGIN, DENY, HIDDEN, METHOD = "allow", "login", "deny", "hidden", "method"
OUTCOMES = (ALLOW, LOGIN, DENY, HIDDEN, METHOD)


def only(*allowed: str, hidden: tuple[str, ...] = ()) -> dict[str, str]:
    """Anonymous visitors sign in; `allowed` roles get the page, `hidden` roles a 404 (out of scope), others 403."""
    outcomes = {ANONYMOUS: LOGIN}
    for role in ROLES:
        outcomes[role] = HIDDEN if role in hidden else ALLOW if role in allowed else DENY
    return outcomes


def same(outcome: str) -> dict[str, str]:
    return dict.fromkeys(AUDIENCES, outcome)


PUBLIC = same(ALLOW)  # citizens' pages, open data, the calendar: no account needed
POST_ONLY = same(METHOD)  # actions: GET is refused before any permission check
NOT_FOUND = same(HIDDEN)  # an address that exists for nobody
SIGNED_IN = only(*ROLES)  # any account, whatever its roles
BACK_OFFICE = {**same(LOGIN), ADMINISTRATOR: ALLOW}  # the admin site: administrators only (is_staff)

# Role groups that recur below.
INSPECTION_READERS = (INSPECTOR, LEADERSHIP, UNIT_HEAD)  # inspections.view_inspection
INSPECTION_EDITORS = (INSPECTOR, LEADERSHIP)  # inspections.change_inspection / view_inspectionplan
CASE_READERS = (FEEDBACK_OFFICER, LEADERSHIP, UNIT_HEAD)  # feedback.view_case
DESK_READERS = (FEEDBACK_OFFICER, LEADERSHIP, UNIT_HEAD, ADMINISTRATOR)  # view_deskrating, print_poster
CAMPAIGN_READERS = (UNIT_HEAD, LEADERSHIP, ADMINISTRATOR)  # regulations.view_campaign

# An object of WARD-B: its readers see it, the unit head (OFFICE-A) may read the kind but not this one.
INSPECTION_IN_WARD_B = only(INSPECTOR, LEADERSHIP, hidden=(UNIT_HEAD,))
CASE_IN_WARD_B = only(FEEDBACK_OFFICER, LEADERSHIP, hidden=(UNIT_HEAD,))
CAMPAIGN_IN_WARD_B = only(LEADERSHIP, ADMINISTRATOR, hidden=(UNIT_HEAD,))

MATRIX: dict[str, dict[str, str]] = {
    # --- core ---------------------------------------------------------------------------------------------
    "home": PUBLIC,
    "healthz": PUBLIC,
    "calendar": PUBLIC,
    "calendar_decide": POST_ONLY,  # an administrator confirms or removes an unconfirmed holiday
    "audit_log": only(LEADERSHIP, ADMINISTRATOR),
    "setup": only(ADMINISTRATOR),
    "calendar_confirm": POST_ONLY,
    "email_test": POST_ONLY,
    "organisation:units": SIGNED_IN,
    "organisation:unit": SIGNED_IN,  # unit names are not secret; the roll of officials is scoped on the page
    "organisation:officials": only(*ROLES[1:]),  # every role but plain staff (view_official)
    # One official's record (issue 18 §2), an official of WARD-B: city-wide roles; the unit head (OFFICE-A) and
    # staff (another official) get a 404.
    "organisation:official": only(INSPECTOR, FEEDBACK_OFFICER, LEADERSHIP, ADMINISTRATOR, hidden=(STAFF, UNIT_HEAD)),
    "organisation:units_search": PUBLIC,  # the pickers' unit names: the citizen's form needs them
    "organisation:officials_search": only(*ROLES[1:]),  # as the officials list
    "organisation:import": only(ADMINISTRATOR),
    "organisation:reorganisations": only(ADMINISTRATOR),
    "organisation:reorganisation_create": only(ADMINISTRATOR),
    "organisation:reorganisation": only(ADMINISTRATOR),
    "organisation:reorganisation_apply": POST_ONLY,
    # --- notifications (issue 14 §2, part A): every account its own; another user's notification is a 404 ------
    "notifications:list": SIGNED_IN,
    # The feedback officer's own notification about the case: theirs to open, everybody else's 404.
    "notifications:open": only(FEEDBACK_OFFICER, hidden=tuple(role for role in ROLES if role != FEEDBACK_OFFICER)),
    "notifications:read": POST_ONLY,
    "notifications:read_all": POST_ONLY,
    # --- leadership: dashboard and reports (unit heads see their own units' figures) -----------------------
    # --- dashboard (issue 14 §3, part C): leadership city-wide, unit heads their own subtree; the items behind a
    # scorecard cell follow the same scope (a unit outside it is 404, tested in tests/leadership) ---------------
    "leadership:dashboard": only(LEADERSHIP, UNIT_HEAD),
    "leadership:dashboard_items": only(LEADERSHIP, UNIT_HEAD),
    # --- periodic report (issue 14 §4, part D): drafted by inspectors (the programme's office) and leadership,
    # issued by leadership; unit heads have no reports (their figures are on the dashboard) -----------------
    "leadership:reports": only(INSPECTOR, LEADERSHIP),
    "leadership:report_new": only(INSPECTOR, LEADERSHIP),
    "leadership:report": only(INSPECTOR, LEADERSHIP),
    "leadership:report_produce": POST_ONLY,
    "leadership:report_issue": POST_ONLY,
    "leadership:report_progress": only(INSPECTOR, LEADERSHIP),
    "leadership:report_download": only(INSPECTOR, LEADERSHIP),  # the draft files of a report
    # --- regulations: public rules, read by every role ---------------------------------------------------
    "regulations:documents": SIGNED_IN,
    "regulations:document_create": only(ADMINISTRATOR),
    "regulations:document": SIGNED_IN,
    "regulations:import": only(ADMINISTRATOR),
    "regulations:relate": POST_ONLY,
    "regulations:compare": SIGNED_IN,
    "regulations:provision": SIGNED_IN,  # redirects to the provision in the current version
    "regulations:campaign_create": only(LEADERSHIP, ADMINISTRATOR),
    "regulations:version": SIGNED_IN,
    "regulations:print": SIGNED_IN,
    "regulations:pdf": SIGNED_IN,
    "regulations:confirm": POST_ONLY,
    "regulations:norms": SIGNED_IN,
    # Re-readings after repeated breaches (issue 18 §3): the list is every account's (scoped on the page); a
    # re-reading is its official's alone (the world's belongs to the staff member).
    "regulations:rereadings": SIGNED_IN,
    "regulations:rereading": only(STAFF, hidden=tuple(role for role in ROLES if role != STAFF)),
    "regulations:rereading_confirm": POST_ONLY,
    # A norm's page and a provision's record (issue 18 §4): every role, the counts scoped on the page.
    "regulations:norm": SIGNED_IN,
    "regulations:provision_record": SIGNED_IN,
    "regulations:campaigns": only(*CAMPAIGN_READERS),  # the unit head's list is filtered to their units
    "regulations:campaign": CAMPAIGN_IN_WARD_B,
    "regulations:campaign_export": CAMPAIGN_IN_WARD_B,
    "regulations:trainings": SIGNED_IN,
    # --- inspections --------------------------------------------------------------------------------------
    "inspections:list": only(*INSPECTION_READERS),  # filtered per role
    "inspections:create": only(*INSPECTION_EDITORS),
    # A surprise inspection from a case (issue 18 §1): leadership reads every case; the inspector may create
    # inspections but not read this case (404); the others may not create inspections (403).
    "inspections:from_case": only(LEADERSHIP, hidden=(INSPECTOR,)),
    "inspections:my_findings": SIGNED_IN,
    "inspections:actions": only(*INSPECTION_READERS),  # filtered per role
    "inspections:discipline": only(LEADERSHIP),
    "inspections:action": INSPECTION_IN_WARD_B,  # the corrective action of WARD-B
    "inspections:action_report": POST_ONLY,
    "inspections:action_review": POST_ONLY,
    "inspections:plans": only(*INSPECTION_EDITORS),
    "inspections:plan_create": POST_ONLY,
    "inspections:plan": only(*INSPECTION_EDITORS),  # plans are city-wide
    "inspections:plan_approve": POST_ONLY,
    "inspections:plan_export": only(*INSPECTION_EDITORS),
    "inspections:detail": INSPECTION_IN_WARD_B,  # approved inspection of WARD-B
    "inspections:unit_history": only(*INSPECTION_READERS),  # any unit's page; its findings are scoped
    "inspections:official_history": INSPECTION_IN_WARD_B,  # an official of WARD-B: outside the unit head's roll
    "inspections:conclusion": only(INSPECTOR),  # the team leader only: leadership approves, it does not draft
    "inspections:notice": INSPECTION_IN_WARD_B,
    "inspections:notice_retry": POST_ONLY,
    "inspections:notice_download": INSPECTION_IN_WARD_B,
    "inspections:amend": POST_ONLY,
    "inspections:decide": POST_ONLY,
    "inspections:step": POST_ONLY,
    "inspections:field": only(INSPECTOR),  # an inspection in progress: its team only, not even leadership
    "inspections:field_item": POST_ONLY,
    "inspections:field_attendance": POST_ONLY,
    "inspections:field_finding": POST_ONLY,
    # --- feedback: citizens' pages (printed on posters and receipts) -------------------------------------
    "feedback:new": PUBLIC,
    "feedback:receipt": PUBLIC,  # without a receipt in the session: redirects to the tracking form
    "feedback:track": PUBLIC,
    "feedback:track_case": PUBLIC,  # without code and PIN first: redirects to the tracking form
    "feedback:answered": PUBLIC,
    "feedback:desk_rate": PUBLIC,
    # --- feedback: officers, leadership and the units concerned -------------------------------------------
    "feedback:cases": only(*CASE_READERS),  # filtered per role
    "feedback:key_in": only(FEEDBACK_OFFICER),
    "feedback:case": CASE_IN_WARD_B,
    # The case page's forms, each posted to its own address (feedback/case_steps.py).
    "feedback:case_identity": POST_ONLY,
    "feedback:case_correct_contact": POST_ONLY,
    **{
        f"feedback:case_{step}": POST_ONLY
        for step in ("triage", "assign", "track", "extend", "condition", "note", "answer")
    },
    "feedback:attachment": CASE_IN_WARD_B,  # the citizen's photo: exactly who may open the case
    "feedback:boxes": only(FEEDBACK_OFFICER, LEADERSHIP),
    "feedback:box_create": only(FEEDBACK_OFFICER),
    "feedback:box": only(FEEDBACK_OFFICER, LEADERSHIP),
    "feedback:satisfaction": only(*DESK_READERS),  # filtered per role
    "feedback:posters": only(*DESK_READERS),
    "feedback:poster": only(*DESK_READERS),
    # --- Open311: public, read-only open data ------------------------------------------------------------
    "open311:discovery": PUBLIC,
    "open311:services": PUBLIC,
    "open311:requests": PUBLIC,
    "open311:request": PUBLIC,  # the published case
    "open311:not_found": NOT_FOUND,  # an Open311 error, as JSON
    # --- CAPTCHA (django-simple-captcha) -----------------------------------------------------------------
    "captcha-image": PUBLIC,
    "captcha-image-2x": PUBLIC,
    "captcha-audio": NOT_FOUND,  # no speech synthesiser (CAPTCHA_FLITE_PATH) is configured
    "captcha-refresh": PUBLIC,  # asked as the page's script asks (X-Requested-With)
    # --- Django's auth views and languages ---------------------------------------------------------------
    "login": PUBLIC,
    "logout": POST_ONLY,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,  # a wrong link shows "invalid link"
    "password_reset_complete": PUBLIC,
    "set_language": PUBLIC,  # a GET changes nothing and redirects
    # --- two-factor authentication (culture_portal/two_factor/): any account may set up an app ------------
    "two_factor:setup": SIGNED_IN,
    "two_factor:verify": SIGNED_IN,  # without an app set up: redirects to the setup page
    "two_factor:recovery_codes": SIGNED_IN,  # shown once after setup; otherwise redirects home
    # --- Django admin: the site's own pages (model pages follow ADMIN_MODEL_RIGHTS below) ---------------
    "admin:index": BACK_OFFICE,
    "admin:login": PUBLIC,  # the form, or the index for an administrator already signed in
    "admin:logout": {**same(ALLOW), ADMINISTRATOR: METHOD},  # others are sent to the index (then to sign in)
    "admin:password_change": BACK_OFFICE,
    "admin:password_change_done": BACK_OFFICE,
    "admin:autocomplete": BACK_OFFICE,  # asked as the unit field of the official form asks
    "admin:jsi18n": BACK_OFFICE,
    "admin:view_on_site": {**BACK_OFFICE, ADMINISTRATOR: HIDDEN},  # units have no public page
    "admin:app_list": BACK_OFFICE,  # the culture_portal section
    "admin/(?P<url>.*)$": {**BACK_OFFICE, ADMINISTRATOR: HIDDEN},  # unknown admin address
}

# What an administrator may do per model in the back office (the permissions the role migrations grant, and
# the ModelAdmins' own limits: feedback cases are read in the portal, where access to identities is logged).
ADMIN_MODEL_RIGHTS: dict[str, set[str]] = {
    "auth_group": {"view"},
    "auth_user": {"view", "add", "change"},
    **{
        f"culture_portal_{model}": {"view", "add", "change", "delete"}
        for model in (
            "unit",
            "official",
            "issuingbody",
            "documentkind",
            "deadlinerule",
            "disciplinarymeasure",
            "calendarexception",
            "signatory",
        )
    },
    # The portal's identity is one row, edited in place: never deleted, and added only to a database emptied since
    # the migration wrote it (the world has it, so "add" is refused there).
    "culture_portal_portalidentity": {"view", "change"},
    # A year's calendar is confirmed on the set-up page; the back office lists confirmations and can withdraw one.
    "culture_portal_calendarconfirmation": {"view", "delete"},
    **{
        f"regulations_{model}": {"view", "add", "change"}
        for model in ("issuer", "legaldocument", "normgroup", "norm", "training")
    },
    "leadership_target": {"view", "add", "change", "delete"},
    "inspections_repeatedbreachrule": {"view", "add", "change", "delete"},  # issue 18 §3
    "feedback_case": set(),
    "feedback_boxopening": set(),
    "feedback_deskrating": {"view"},
    # django-axes: administrators see sign-in attempts and unlock an account by deleting its attempts.
    "axes_accessattempt": {"view", "delete"},
    "axes_accesslog": {"view"},
    "axes_accessfailurelog": {"view"},
}
# The right each admin model page needs (the unnamed "<object_id>/" address only redirects to the change page).
ADMIN_ACTIONS = {
    "changelist": "view",
    "change": "view",
    "history": "view",
    "add": "add",
    "delete": "delete",
    "password_change": "change",  # admin:auth_user_password_change  # nosec B105 - a permission, not a password
}

# (URL key, audience) -> the bug, for pairs where the view does not do what the table says (yet).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _admin_model_rule(key: str) -> dict[str, str] | None:
    if key.startswith("admin:"):
        rest = key.removeprefix("admin:")
        for model, rights in ADMIN_MODEL_RIGHTS.items():
            action = rest.removeprefix(f"{model}_")
            if rest.startswith(f"{model}_") and action in ADMIN_ACTIONS:
                return {**BACK_OFFICE, ADMINISTRATOR: ALLOW if ADMIN_ACTIONS[action] in rights else DENY}
        return None
    for model in ADMIN_MODEL_RIGHTS:
        app_label, _, model_name = model.rpartition("_")
        if key == f"admin/{app_label}/{model_name}/<path:object_id>/":
            return BACK_OFFICE
    return None


def _media_rule(key: str) -> dict[str, str] | None:
    # static(settings.MEDIA_URL) in culture_portal/urls.py, with DEBUG on only: any file to anybody. In
    # production nothing serves MEDIA_ROOT; files go out through the views above, which check the rights.
    return PUBLIC if key.startswith("^media/") else None


RULES = (_admin_model_rule, _media_rule)


def expected(key: str) -> dict[str, str] | None:
    """The outcomes declared for a URL key: its row, or the rule that covers it; None when nothing does."""
    if key in MATRIX:
        return MATRIX[key]
    for rule in RULES:
        outcomes = rule(key)
        if outcomes is not None:
            return outcomes
    return None
