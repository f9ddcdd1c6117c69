"""Reads the schemathesis NDJSON reports of a fuzz run and tells what it found.

Usage: summarize.py ARTIFACTS_DIR URL TOKENS_JSON

Every case schemathesis sent counts once. A case fails when the server answered it with a
5xx, or when no answer came at all (a dead or hung server is worse than a 500). The distinct
failures (operation, status, error code, where a NUL was) are written to
ARTIFACTS_DIR/findings.md, each with the smallest request that produced it as a curl line,
and printed. The last line printed is `N passed, N failed` (cases without and with a 5xx).
Exit status 1 when a case failed, when another enabled check failed (listed, not counted in
N failed) or when schemathesis could not test an operation; 2 when there was nothing to read.
"""

import base64
import glob
import json
import os
import re
import shlex
import sys
from urllib.parse import unquote_to_bytes, urlsplit

DROP_HEADERS = {"user-agent", "accept-encoding", "accept", "connection", "content-length",
                "x-schemathesis-testcaseid"}


def decode(blob):
    if blob is None:
        return b""
    if isinstance(blob, dict):
        if "$base64" in blob:
            return base64.b64decode(blob["$base64"])
        if "string" in blob:
            return blob["string"].encode()
    if isinstance(blob, str):
        return blob.encode()
    return json.dumps(blob).encode()


def nul_places(request, body):
    """Where the request holds a NUL or another control character (the usual 5xx cause)."""
    places = []
    parts = urlsplit(request["uri"])
    control = re.compile(rb"[\x00-\x1f\x7f]")
    if control.search(unquote_to_bytes(parts.path)):
        places.append("path")
    if control.search(unquote_to_bytes(parts.query)):
        places.append("query")
    if control.search(body) or re.search(rb"\\u00[01][0-9a-fA-F]|\\u007[fF]", body):
        places.append("body")
    for name, values in request.get("headers", {}).items():
        if any(control.search(v.encode()) for v in values):
            places.append(f"header {name}")
    return ", ".join(places) or "none"


def curl(request, body, url, secrets):
    uri = request["uri"].replace(url, "$URL", 1)
    words = ["curl", "-sS", "-X", request["method"], f'"{uri}"' if "'" not in uri else shlex.quote(uri)]
    for name, values in sorted(request.get("headers", {}).items()):
        if name.lower() in DROP_HEADERS:
            continue
        for value in values:
            shown = value
            for secret, placeholder in secrets.items():
                shown = shown.replace(secret, placeholder)
            header = f"{name}: {shown}"
            words += ["-H", f'"{header}"' if "$" in shown and '"' not in shown else shlex.quote(header)]
    if not body:
        return " ".join(words)
    text = body.decode("utf-8", errors="replace")
    if body.isascii() and not re.search(rb"[\x00-\x1f\x7f]", body) or (
        "\ufffd" not in text and not re.search(r"[\x00-\x1f\x7f]", text)
    ):
        return " ".join(words + ["--data-binary", shlex.quote(text)])
    escaped = "".join(chr(b) if 0x20 <= b < 0x7f and b not in b"\\'%" else f"\\x{b:02x}" for b in body)
    return f"printf '{escaped}' | " + " ".join(words + ["--data-binary", "@-"])


def main():
    artifacts, url, tokens_file = sys.argv[1], sys.argv[2], sys.argv[3]
    secrets = {}
    for name, headers in json.load(open(tokens_file))["identities"].items():
        for header, value in headers.items():
            token = value.split(" ", 1)[-1]
            if header == "authorization":
                secrets[token] = "$ADMIN_TOKEN" if name == "admin" else "$DEVICE_TOKEN"
            elif header == "x-borderdesk-staff":
                secrets[token] = "$STAFF_SESSION"
    reports = sorted(glob.glob(os.path.join(artifacts, "*.ndjson")))
    if not reports:
        print("fuzz: no schemathesis report to read", file=sys.stderr)
        return 2
    cases = passed = 0
    operations = set()
    findings = {}
    errors = []
    other = {}
    for report in reports:
        identity = os.path.basename(report).removesuffix(".ndjson")
        for line in open(report):
            event = json.loads(line)
            if "NonFatalError" in event:
                e = event["NonFatalError"]
                errors.append((identity, e.get("label", "?"), e.get("info", {}).get("title")
                               or str(e.get("value", ""))[:300]))
                continue
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished.get("recorder", {})
            operations.add(recorder.get("label"))
            interactions = recorder.get("interactions", {})
            for case_id, checks in recorder.get("checks", {}).items():
                for check in checks:
                    if check.get("status") == "failure" and check["name"] != "not_a_server_error":
                        case = recorder["cases"][case_id]["value"]
                        other.setdefault((identity, f"{case['method'].upper()} {case['path']}",
                                          check["name"]), case_id)
            for case_id, case in recorder.get("cases", {}).items():
                interaction = interactions.get(case_id)
                if interaction is None:
                    continue
                cases += 1
                request = interaction["request"]
                # The coverage phase also sends undeclared methods (a TRACE on a GET route).
                label = f"{case['value']['method'].upper()} {case['value']['path']}"
                response = interaction.get("response")
                status = response["status_code"] if response else None
                if status is not None and status < 500:
                    passed += 1
                    continue
                body = decode(request.get("body"))
                code = "no answer"
                if response:
                    try:
                        code = json.loads(decode(response.get("content"))).get("code", "?")
                    except (ValueError, AttributeError):
                        code = "(not JSON)"
                key = (label, status or 0, code, nul_places(request, body))
                size = len(request["uri"]) + len(body)
                found = findings.setdefault(key, {"count": 0, "identities": set(), "best": None})
                found["count"] += 1
                found["identities"].add(identity)
                if found["best"] is None or size < found["best"][0]:
                    found["best"] = (size, curl(request, body, url, secrets))
    failed = cases - passed
    lines = []
    for (label, status, code, nul), found in sorted(findings.items()):
        lines.append(f"- {status or 'no answer'} {code} on {label} (control character in: {nul}); "
                     f"{found['count']} cases, as {', '.join(sorted(found['identities']))}\n"
                     f"  {found['best'][1]}")
    with open(os.path.join(artifacts, "findings.md"), "w") as out:
        out.write(f"# Fuzz findings ({len(findings)} distinct)\n\n")
        out.write("Variables: URL, ADMIN_TOKEN, DEVICE_TOKEN, STAFF_SESSION (see identities.json).\n\n")
        out.write("\n".join(lines) + "\n")
        if errors:
            out.write("\n## schemathesis errors (not counted as cases)\n\n")
            out.write("\n".join(f"- {i}: {l}: {t}" for i, l, t in errors) + "\n")
    if lines:
        print(f"fuzz: {len(findings)} distinct 5xx findings (also in {artifacts}/findings.md):")
        print("\n".join(lines))
    for identity, label, title in errors:
        print(f"fuzz: schemathesis error ({identity}) {label}: {title}")
    operations -= {None, "Stateful tests"}
    print(f"fuzz: {cases} cases run on {len(operations)} documented operations as {len(reports)} identities")
    for (identity, label, check), case_id in sorted(other.items()):
        print(f"fuzz: {check} failed on {label} as {identity} (case {case_id}; see {identity}.log)")
    if errors or other:
        print(f"fuzz: {len(errors)} schemathesis errors, {len(other)} other check failures: failing")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or errors or other else 0


if __name__ == "__main__":
    sys.exit(main())
