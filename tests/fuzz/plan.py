"""Which operations of the OpenAPI document each identity is fuzzed on.

Usage: plan.py OPENAPI_JSON IDENTITY  ->  one "METHOD /path" per line.

Read from each operation's declared security, so a new route is fuzzed without anyone
editing this file:
  admin         operations that take the admin token, and the unauthenticated ones
  device        operations that take the device token and no staff session (the login too),
                and the unauthenticated ones
  staff-<role>  operations that take a staff session, except the logout (it would end the
                session the rest of the run acts with)
  logout        the logout alone, with a session of its own
  console       the county console's operations, with an admin's console session (cookie and
                CSRF token), except those that end it: the logout, and a password reset or a
                new assignment of an account (the fuzzer finds its own; tests/console.rs
                covers them)
"""

import json
import sys

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
CONSOLE_SESSION_ENDERS = {
    "POST /console/api/logout",
    "POST /console/api/staff/{user_name}/password",
    "POST /console/api/staff/{user_name}/assignment",
}


def schemes(operation):
    return {name for requirement in operation.get("security", []) for name in requirement}


def wanted(identity, label, used):
    if identity == "logout":
        return label == "POST /v1/sync/staff/logout"
    if identity == "admin":
        return "admin_token" in used or not used
    if identity == "device":
        return not used or ("device_token" in used and "staff_session" not in used)
    if identity == "console":
        return "console_session" in used and label not in CONSOLE_SESSION_ENDERS
    if identity.startswith("staff-"):
        return "staff_session" in used and label != "POST /v1/sync/staff/logout"
    sys.exit(f"plan: unknown identity {identity}")


def main():
    document = json.load(open(sys.argv[1]))
    identity = sys.argv[2]
    for path, item in sorted(document["paths"].items()):
        for method, operation in item.items():
            if method not in METHODS:
                continue
            label = f"{method.upper()} {path}"
            if wanted(identity, label, schemes(operation)):
                print(label)


if __name__ == "__main__":
    main()
