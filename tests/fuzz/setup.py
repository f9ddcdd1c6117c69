"""Sets up the identities the fuzzer acts as, on a fresh e2e-server, through the API itself.

Reads e2e-server's first line ({"url", "admin_token"}) from argv[1] and writes one JSON
object to stdout: {"url", "identities": {name: {header: value}}}. The identities:

  device             an enrolled device (bearer device token and the protocol header)
  admin              the server's admin token
  staff-<role>       a member of staff of each role with a real session, logged in through
                     the device (device token, protocol header and x-borderdesk-staff)
  logout             one more clerk session, kept apart: only the logout run uses it (a
                     logout ends the session the others need)
  console            an admin logged into the county console: its session cookie and the
                     session's CSRF token

Standard library only, so it runs on the system Python as well as in the venv.
"""

import json
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PROTOCOL = {"x-borderdesk-protocol": "1"}
SITE = "taishun-luoyang"
PASSWORD = "fuzz harness secret"
# The offices of the bundled reference data that the office-bound roles work for.
ROLES = {
    "clerk": None,
    "outreach": None,
    "legal_aid_officer": "LA-330329",
    "notary_staff": "GZC-330329",
    "admin": None,
}


def call(url, path, body, headers, with_response=False):
    request = urllib.request.Request(
        url + path,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            if with_response:
                return json.load(response), response.headers
            return json.load(response)
    except urllib.error.HTTPError as e:
        sys.exit(f"setup: POST {path} answered {e.code}: {e.read().decode(errors='replace')}")


def main():
    server = json.loads(open(sys.argv[1]).read().splitlines()[0])
    url, admin = server["url"], {"authorization": f"Bearer {server['admin_token']}"}
    device = call(url, "/v1/devices", {"name": "fuzz desk", "site_id": SITE}, admin)
    as_device = {"authorization": f"Bearer {device['device_token']}", **PROTOCOL}

    accounts = [(f"staff-{role}", role, office) for role, office in ROLES.items()]
    accounts.append(("logout", "clerk", None))

    def account(entry):
        name, role, office = entry
        user = f"fuzz-{name}"
        body = {"user_name": user, "display_name": f"Fuzz {role}", "role": role,
                "site_id": SITE, "password": PASSWORD}
        if office:
            body["office_code"] = office
        call(url, "/v1/admin/staff", body, admin)
        login = call(url, "/v1/sync/staff/login", {"user_name": user, "password": PASSWORD},
                     as_device)
        return name, {**as_device, "x-borderdesk-staff": login["session_token"]}

    # Password hashing (argon2id) is slow in a debug build: the accounts are made side by side.
    with ThreadPoolExecutor(max_workers=len(accounts)) as pool:
        staff = dict(pool.map(account, accounts))
    call(url, "/v1/admin/staff", {"user_name": "fuzz-console", "display_name": "Fuzz console",
                                  "role": "admin", "site_id": SITE, "password": PASSWORD}, admin)
    session, headers = call(url, "/console/api/login",
                            {"user_name": "fuzz-console", "password": PASSWORD}, {},
                            with_response=True)
    cookie = headers["set-cookie"].split(";")[0]
    console = {"cookie": cookie, "x-csrf-token": session["csrf_token"]}
    identities = {"device": as_device, "admin": admin, **staff, "console": console}
    json.dump({"url": url, "identities": identities}, sys.stdout)


if __name__ == "__main__":
    main()
