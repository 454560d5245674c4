"""A person at a browser, without the browser: pages read with html.parser, forms filled and sent as a browser sends
them (every field the page holds, the CSRF token and the Referer/Origin a browser adds), an authenticator app, a mail
server that keeps what it receives, and the commands of the README's "Deploying" section.

Used by tests/test_day_one.py, which drives a portal deployed as the README says (gunicorn over TLS, a real worker).
"""

import base64
import email
import email.policy
import re
import shlex
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

# --- pages and forms --------------------------------------------------------------------------------------------


@dataclass
class Field:
    kind: str  # input type ("text", "hidden", "checkbox", "radio", "file", ...), "select" or "textarea"
    name: str
    value: str = ""
    checked: bool = False
    multiple: bool = False
    id: str = ""
    options: list = field(default_factory=list)  # select: [value, label, selected] lists


class Form:
    """One <form> of a page: what a browser would send, changed only through the page's own fields."""

    def __init__(self, attrs: dict, labels: dict):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.enctype = attrs.get("enctype") or ""
        self.fields: list[Field] = []
        self.buttons: list[tuple[str, str, str]] = []  # (name, value, text)
        self.text = ""
        self._labels = labels  # the page's <label for=…> texts, filled while the page is read

    def __repr__(self):
        return f"<Form {self.method} {self.action!r} {sorted({f.name for f in self.fields})}>"

    def has(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    def _named(self, name: str) -> list[Field]:
        found = [f for f in self.fields if f.name == name]
        if not found:
            raise AssertionError(f"the form {self!r} has no field {name!r}")
        return found

    def value(self, name: str) -> str:
        values = [v for n, v in self.data() if n == name]
        return values[0] if values else ""

    def options(self, name: str) -> list[tuple[str, str]]:
        """(value, label) of a select, or of a group of checkboxes / radio buttons."""
        found = self._named(name)
        if found[0].kind == "select":
            return [(value, label) for value, label, _selected in found[0].options]
        return [(f.value, self._labels.get(f.id, "")) for f in found]

    def set(self, name: str, value) -> "Form":
        """Type into a text field or a textarea, pick a select's value, tick (True) or untick (False) a checkbox."""
        found = self._named(name)
        first = found[0]
        if first.kind == "checkbox" and isinstance(value, bool):
            for f in found:
                f.checked = value
        elif first.kind == "select":
            # An autocomplete widget (select2) adds the option it fetched; so do we.
            if value not in [option[0] for option in first.options]:
                first.options.append([str(value), str(value), False])
            for option in first.options:
                option[2] = option[0] == str(value) or (first.multiple and option[2])
        elif first.kind in ("radio", "checkbox"):
            self.tick(name, str(value))
        else:
            first.value = str(value)
        return self

    def tick(self, name: str, *values: str, only: bool = True) -> "Form":
        """Choose these values of a multiple select, a group of checkboxes or radio buttons (by value)."""
        found = self._named(name)
        values = [str(v) for v in values]
        if found[0].kind == "select":
            for option in found[0].options:
                option[2] = option[0] in values or (not only and option[2])
            missing = set(values) - {option[0] for option in found[0].options}
        else:
            for f in found:
                f.checked = f.value in values or (not only and f.checked and f.kind == "checkbox")
            missing = set(values) - {f.value for f in found}
        if missing:
            raise AssertionError(f"{name}: no choice {sorted(missing)} among {self.options(name)}")
        return self

    def choose(self, name: str, *labels: str) -> "Form":
        """Choose by what the person reads: the option's (or checkbox's label's) text contains each label."""
        values = []
        for label in labels:
            matches = [value for value, text in self.options(name) if label in text]
            if len(matches) != 1:
                raise AssertionError(f"{name}: {len(matches)} choices read {label!r}: {self.options(name)}")
            values.append(matches[0])
        return self.tick(name, *values)

    def remove(self, name: str) -> "Form":
        self.fields = [f for f in self.fields if f.name != name]
        return self

    def data(self) -> list[tuple[str, str]]:
        """The (name, value) pairs a browser sends for this form, in the page's order (files apart)."""
        pairs = []
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    pairs.append((f.name, f.value))
            elif f.kind == "select":
                chosen = [option[0] for option in f.options if option[2]]
                if not chosen and not f.multiple and f.options:
                    chosen = [f.options[0][0]]
                pairs.extend((f.name, value) for value in chosen)
            elif f.kind != "file":
                pairs.append((f.name, f.value))
        return pairs


class Page(HTMLParser):
    """A page as a person reads it: its text, links, forms, and the attributes of elements that have an id."""

    def __init__(self, response: requests.Response):
        super().__init__(convert_charrefs=True)
        self.response = response
        self.url = response.url
        self.status = response.status_code
        self.html = response.text
        self.forms: list[Form] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.by_id: dict[str, dict] = {}
        self.labels: dict[str, str] = {}
        self._text: list[str] = []
        self._form: Form | None = None
        self._capture: list[tuple[str, object, list[str]]] = []  # open (tag, target, texts) whose text we keep
        self._skip = 0
        self.feed(self.html)
        self.close()
        self.text = " ".join(" ".join(self._text).split())

    # -- reading

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if "id" in attrs:
            self.by_id[attrs["id"]] = attrs
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "form":
            self._form = Form(attrs, self.labels)
            self.forms.append(self._form)
        elif tag == "a" and "href" in attrs:
            self._capture.append(("a", attrs["href"], []))
        elif tag == "label" and attrs.get("for"):
            self._capture.append(("label", attrs["for"], []))
        elif self._form is not None and "disabled" not in attrs:
            self._form_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def _form_tag(self, tag, attrs):
        form = self._form
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image", "button", "reset"):
                if kind == "submit":
                    form.buttons.append((attrs["name"], attrs.get("value", ""), attrs.get("value", "")))
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            form.fields.append(
                Field(kind, attrs["name"], attrs.get("value", default), "checked" in attrs, id=attrs.get("id", ""))
            )
        elif tag == "select" and attrs.get("name"):
            form.fields.append(Field("select", attrs["name"], multiple="multiple" in attrs, id=attrs.get("id", "")))
        elif tag == "option" and form.fields and form.fields[-1].kind == "select":
            option = [attrs.get("value"), "", "selected" in attrs]
            form.fields[-1].options.append(option)
            self._capture.append(("option", option, []))
        elif tag == "textarea" and attrs.get("name"):
            area = Field("textarea", attrs["name"], id=attrs.get("id", ""))
            form.fields.append(area)
            self._capture.append(("textarea", area, []))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._capture.append(("button", (attrs.get("name", ""), attrs.get("value", "")), []))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "form":
            self._form = None
        elif self._capture and self._capture[-1][0] == tag:
            _tag, target, texts = self._capture.pop()
            text = "".join(texts)
            if tag == "a":
                self.links.append((target, " ".join(text.split())))
            elif tag == "label":
                self.labels[target] = " ".join(text.split())
            elif tag == "option":
                target[1] = " ".join(text.split())
                if target[0] is None:
                    target[0] = target[1]
            elif tag == "textarea":
                target.value = text[1:] if text.startswith("\n") else text  # as browsers read it
            elif tag == "button" and self._form is not None:
                name, value = target
                self._form.buttons.append((name, value, " ".join(text.split())))

    def handle_data(self, data):
        if self._skip:
            return
        self._text.append(data)
        if self._form is not None:
            self._form.text += data
        for _tag, _target, texts in self._capture:
            texts.append(data)

    # -- finding things

    def form(self, *, action: str | None = None, field: str | None = None, button: str | None = None,
             text: str | None = None) -> Form:  # fmt: skip
        """The one form whose action ends with `action`, that has a field `field`, a button whose name, value or
        text is `button`, and whose text contains `text`."""
        found = [
            form
            for form in self.forms
            if (action is None or urlsplit(urljoin(self.url, form.action or self.url)).path.endswith(action))
            and (field is None or form.has(field))
            and (button is None or any(button in b for b in form.buttons))
            and (text is None or text in " ".join(form.text.split()))
        ]
        if len(found) != 1:
            raise AssertionError(
                f"{len(found)} forms match action={action!r} field={field!r} button={button!r} text={text!r} "
                f"on {self.url}: {self.forms}"
            )
        return found[0]

    def link(self, text: str | None = None, *, href: str | None = None) -> str:
        found = [h for h, t in self.links if (text is None or text in t) and (href is None or href in h)]
        if not found:
            raise AssertionError(f"no link {text!r} / {href!r} on {self.url}")
        return urljoin(self.url, found[0])

    def problems(self) -> str:
        """What the page says went wrong: form errors, the back office's error note, error alerts."""
        found = re.findall(
            r'class="(?:errorlist[^"]*|errornote|alert alert-danger[^"]*|invalid-feedback[^"]*)"[^>]*>(.*?)</(?:ul|p|div|span)>',
            self.html,
            flags=re.S,
        )
        return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found) or self.text[:2000]


# --- the person ---------------------------------------------------------------------------------------------


class Person:
    """Someone with a browser (cookies, the certificate it trusts) and, for the roles that need it, a phone."""

    def __init__(self, base: str, *, verify: str, name: str):
        self.base, self.name = base.rstrip("/"), name
        self.session = requests.Session()
        # Only this certificate, no proxy: REQUESTS_CA_BUNDLE or HTTPS_PROXY in the environment would otherwise win.
        self.session.trust_env = False
        self.session.verify = verify
        self.session.headers["User-Agent"] = f"day-one test ({name})"
        self.authenticator: Authenticator | None = None
        self.recovery_codes: list[str] = []

    def __repr__(self):
        return f"<Person {self.name}>"

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path: str, *, expect: int = 200) -> Page:
        response = self.session.get(self.url(path), timeout=60)
        page = Page(response)
        assert response.status_code == expect, f"{self.name}: GET {path} → {response.status_code}: {page.problems()}"
        return page

    def download(self, path: str) -> requests.Response:
        response = self.session.get(self.url(path), timeout=60)
        assert response.status_code == 200, f"{self.name}: GET {path} → {response.status_code}"
        return response

    def submit(self, page: Page, form: Form, *, button: str | None = None, files=None, redirects: bool = True,
               expect: int = 200) -> Page:  # fmt: skip
        """Press the form's button (the one whose name, value or text is `button`, else the first): a POST with the
        page's CSRF token, from the page's address. With `redirects`, the answer must be a redirect (the way every
        form of the portal and of the back office says "saved"); otherwise the page's problems are the failure."""
        data = form.data()
        # A person clicks the form's own button, not a search picker's Find (which comes first in the page).
        chosen = [b for b in form.buttons if (button in b if button is not None else not b[0].endswith("__find"))]
        if button is not None and not chosen:
            raise AssertionError(f"no button {button!r} in {form!r}: {form.buttons}")
        if chosen and chosen[0][0]:
            data.append((chosen[0][0], chosen[0][1]))
        target = urljoin(page.url, form.action or page.url)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        headers = {"Referer": page.url, "Origin": origin}
        if form.method == "get":
            response = self.session.get(target, params=data, headers=headers, timeout=120)
        else:
            response = self.session.post(target, data=data, files=files, headers=headers, timeout=120)
        answer = Page(response)
        assert response.status_code == expect, (
            f"{self.name}: POST {target} → {response.status_code}: {answer.problems()}"
        )
        if redirects:
            assert response.history, f"{self.name}: POST {target} was not accepted: {answer.problems()}"
        return answer

    def pick(self, page: Page, form: Form, name: str, query: str, *labels: str) -> tuple[Page, Form]:
        """A search picker (culture_portal/pickers.py) without script: type `query` into its box, press its Find
        button, and choose `labels` among the matches in the form that comes back (with all that was typed)."""
        form.set(f"{name}__q", query)
        answer = self.submit(page, form, button=f"{name}__find", redirects=False)
        again = answer.form(field=f"{name}__q")
        # A unit reads "Desk — the unit above it": the choice is the one whose own name is the label.
        options = again.options(name)
        values = [
            value for label in labels for value, text in options if text == label or text.startswith(f"{label} — ")
        ]
        if len(values) != len(labels):
            raise AssertionError(f"{name}: {labels!r} not each found once among {options}")
        return answer, again.tick(name, *values)

    # -- signing in

    def sign_in(self, username: str, password: str) -> Page:
        page = self.get("/accounts/login/")
        form = page.form(field="username").set("username", username).set("password", password)
        return self.submit(page, form)

    def set_up_two_factor(self) -> Page:
        """First sign-in of a protected role: add the portal to the authenticator app by typing the key shown for
        manual entry, give the code the app shows, write the recovery codes down, continue."""
        page = self.get("/accounts/2fa/setup/")
        key = re.search(r'<code class="[^"]*user-select-all[^"]*">([A-Z2-7 ]+)</code>', page.html)
        assert key, f"{self.name}: no key for manual entry on the set-up page"
        self.authenticator = Authenticator(key.group(1))
        form = page.form(field="token").set("token", self.authenticator.code())
        codes_page = self.submit(page, form)
        assert "/accounts/2fa/recovery-codes/" in codes_page.url, codes_page.problems()
        self.recovery_codes = re.findall(r'<li class="col">([a-z0-9]+)</li>', codes_page.html)
        assert len(self.recovery_codes) == 10, f"{self.name}: {len(self.recovery_codes)} recovery codes shown"
        # "I have saved the codes: continue", the page's main button.
        onward = re.search(r'<a class="btn btn-primary[^"]*" href="([^"]+)"', codes_page.html)
        return self.get(urljoin(codes_page.url, onward.group(1)) if onward else "/")

    def verify_two_factor(self) -> Page:
        page = self.get("/accounts/2fa/verify/")
        form = page.form(field="token").set("token", self.authenticator.code())
        return self.submit(page, form)

    def sign_out(self) -> None:
        page = self.get("/")
        # The same form is drawn in the wide menu and in the narrow one.
        form = next(f for f in page.forms if urlsplit(urljoin(page.url, f.action)).path == "/accounts/logout/")
        self.submit(page, form)


class Authenticator:
    """The phone's authenticator app (TOTP, RFC 6238, 30 s, 6 digits), holding the key typed in by hand."""

    def __init__(self, key: str):
        self.key = base64.b32decode("".join(key.split()))
        self._last_step = -1

    def code(self) -> str:
        from django_otp.oath import totp

        # A code is accepted once: for a second one, wait for the app's next code as a person would.
        while int(time.time()) // 30 <= self._last_step:
            time.sleep(0.5)
        self._last_step = int(time.time()) // 30
        return f"{totp(self.key, step=30, t0=0, digits=6):06d}"


# --- a mail server that keeps what it receives ---------------------------------------------------------------


class MailSink(socketserver.ThreadingTCPServer):
    """The customer's SMTP relay, reduced to what Django's SMTP backend says: STARTTLS with the given certificate
    (EMAIL_USE_TLS is on by default), and every message kept, parsed."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, certificate: str, key: str):
        super().__init__(("127.0.0.1", 0), _SmtpSession)
        self.port = self.server_address[1]
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(certificate, key)
        self.messages: list[email.message.EmailMessage] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]


class _SmtpSession(socketserver.StreamRequestHandler):
    def handle(self):
        self._reply("220 127.0.0.1 day-one mail sink")
        secure = False
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._reply("250-127.0.0.1\r\n250-8BITMIME\r\n" + ("250 SMTPUTF8" if secure else "250 STARTTLS"))
            elif verb == "STARTTLS" and not secure:
                self._reply("220 go ahead")
                self.connection = self.server.tls.wrap_socket(self.connection, server_side=True)
                self.rfile, self.wfile = self.connection.makefile("rb"), self.connection.makefile("wb", buffering=0)
                secure = True
            elif verb == "DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                chunks = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.messages.append(email.message_from_bytes(b"".join(chunks), policy=email.policy.default))
                self._reply("250 kept")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self._reply("250 ok")

    def _reply(self, text: str):
        self.wfile.write(text.encode() + b"\r\n")


# --- the README's "Deploying" block ---------------------------------------------------------------------------


@dataclass
class DeployLine:
    argv: list[str]  # the command, or the assignments of an `export` line
    line: str
    export: bool = False

    @property
    def program(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""

    @property
    def packages(self) -> list[str]:
        """The system packages an `apt-get install` line asks for (none for other lines)."""
        if "apt-get" not in self.argv or "install" not in self.argv:
            return []
        return [arg for arg in self.argv[self.argv.index("install") + 1 :] if not arg.startswith("-")]

    @property
    def serves(self) -> bool:
        """A long-running process (the web server, a worker, beat) rather than a command that ends."""
        return self.program == "gunicorn" or (
            self.program == "celery" and ("worker" in self.argv or "beat" in self.argv)
        )


def readme_deploy_block(readme: str, heading: str = "## Deploying on PostgreSQL and Redis") -> str:
    """The first fenced code block of the README's section `heading`."""
    start = readme.index(heading) + len(heading)
    section = readme[start:]
    next_heading = re.search(r"^## ", section, flags=re.M)
    section = section[: next_heading.start()] if next_heading else section
    block = re.search(r"^```[^\n]*\n(.*?)^```", section, flags=re.M | re.S)
    assert block, f"no code block in the README section {heading!r}"
    return block.group(1)


def readme_deploy_lines(block: str) -> list[DeployLine]:
    """The lines to run, in order: `apt-get install` of system packages, `export` lines and `.venv/bin/…` commands,
    continuation lines joined; the venv and pip line (the test runs in its own venv) and lines whose comment says
    "optional" are left out."""
    joined, pending = [], ""
    for raw in block.splitlines():
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        joined.append(pending + raw)
        pending = ""
    lines = []
    for line in joined:
        command, _hash, comment = line.partition(" #")
        command = command.strip()
        if not command or command.startswith("#") or "optional" in comment.lower():
            continue
        if "pip install" in command or " -m venv" in command:
            continue
        argv = shlex.split(command)
        if argv[0] == "export":
            lines.append(DeployLine(argv[1:], line, export=True))
        elif "apt-get" in argv:
            lines.append(DeployLine(argv, line))  # the machine's packages: checked, not installed, by the test
        else:
            assert argv[0].startswith(".venv/bin/"), f"a README command the test cannot place: {line!r}"
            lines.append(DeployLine(argv, line))
    return lines


def replace_option(argv: list[str], names: tuple[str, ...], value: str) -> list[str]:
    """`argv` with the option (`--bind X`, `--bind=X`, `-b X`) set to `value`, added when absent."""
    result, index, found = [], 0, False
    while index < len(argv):
        arg = argv[index]
        if arg in names:
            result += [arg, value]
            index += 2
            found = True
            continue
        if any(arg.startswith(name + "=") for name in names if name.startswith("--")):
            result.append(f"{arg.split('=', 1)[0]}={value}")
            found = True
        else:
            result.append(arg)
        index += 1
    return result if found else [*result, names[0], value]
