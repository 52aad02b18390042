"""Logs a user in through the mock's CAS with python-cas, a standard CAS
client library, as a web application using it would: send the browser to
`get_login_url()`, submit the form, take the ticket from the redirect, and
validate it with `verify_ticket()` (protocol 2 and 3). A replayed ticket must
be refused. Prints one line per protocol; exits non-zero on any mismatch.

Usage: cas_python_client.py MOCK_URL LOGIN PASSWORD
"""
import re
import sys
from urllib.parse import parse_qs, urlparse

import cas
import requests


def log_in(base, login, password, version):
    service = f"{base}/app/protected"
    client = cas.CASClient(
        version=version, service_url=service, server_url=f"{base}/esup-cas/"
    )
    browser = requests.Session()
    form = browser.get(client.get_login_url(), timeout=10)
    form.raise_for_status()
    execution = re.search(r'name="execution" value="([^"]+)"', form.text)
    if not execution:
        sys.exit(f"protocol {version}: no execution field on the login form")
    answer = browser.post(
        client.get_login_url(),
        data={
            "username": login,
            "password": password,
            "execution": execution.group(1),
            "_eventId": "submit",
        },
        allow_redirects=False,
        timeout=10,
    )
    location = answer.headers.get("Location", "")
    tickets = parse_qs(urlparse(location).query).get("ticket", [])
    if answer.status_code != 302 or not tickets:
        sys.exit(f"protocol {version}: no ticket after login ({answer.status_code} {location})")
    user, attributes, _ = client.verify_ticket(tickets[0])
    if user != login:
        sys.exit(f"protocol {version}: verify_ticket gave {user!r}, expected {login!r}")
    again, _, _ = client.verify_ticket(tickets[0])
    if again is not None:
        sys.exit(f"protocol {version}: a used ticket was accepted again for {again!r}")
    print(f"protocol {version}: {user} {sorted((attributes or {}).keys())}")


def main():
    base, login, password = sys.argv[1:4]
    for version in (2, 3):
        log_in(base.rstrip("/"), login, password, version)


if __name__ == "__main__":
    main()
