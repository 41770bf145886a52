#!/usr/bin/env bash
# The identity service as euca2ools' users meet it, driven with boto 2 (Debian's python3-boto:
# IAMConnection, SigV4 as euca2ools 3.4 signs IAM) and the AWS CLI against AWS_IAM_URL:
#  - the eucarc, sourced with `set -u`, names files that exist and sets AWS_IAM_URL;
#  - CreateSigningCertificate answers the server-made key at Certificate/PrivateKey
#    (what euare-usercreatecert reads);
#  - DeleteUser refuses a user with keys or certificates, takes IsRecursive=true (euare-userdel -R),
#    and answers every request euare-userdel -r makes on the client side;
#  - DeleteAccount refuses a non-empty account and takes Recursive=true (euare-accountdel -r).
# Usage: EUCARC=/path/to/admin/eucarc tests/clients/euare.sh
# Prints `ok - ...` / `FAIL - ...`; exits 1 on any failure. Without boto 2 it prints SKIPPED and
# exits 0, unless CI=true.
set -uo pipefail
: "${EUCARC:?set EUCARC to the eucarc of the cloud administrator}"
PY=/usr/bin/python3
if ! "$PY" -c 'import boto.iam' 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then echo "FAIL - boto 2 (python3-boto) is missing under CI"; exit 1; fi
  echo "SKIPPED - boto 2 (python3-boto) is not installed"; exit 0
fi
FAILED=0
ok() { echo "ok - $*"; }
fail() { echo "FAIL - $*"; FAILED=1; }

# The eucarc as euca2ools 3 reads it: every file it names is there, every endpoint is set.
CHECK=$(cat <<'SH'
set -u; cd /; . "$1" || exit 3
for v in EC2_CERT EC2_PRIVATE_KEY EUCALYPTUS_CERT AWS_CREDENTIAL_FILE; do
  [ -r "${!v:-/nonexistent}" ] || echo "$v names no readable file"
done
for v in EC2_URL S3_URL EUARE_URL AWS_IAM_URL EC2_USER_ID EC2_ACCESS_KEY EC2_SECRET_KEY; do
  [ -n "${!v:-}" ] || echo "$v is not set"
done
grep -qx "AWSAccessKeyId=$EC2_ACCESS_KEY" "$AWS_CREDENTIAL_FILE" || echo "AWS_CREDENTIAL_FILE lacks AWSAccessKeyId"
grep -q "^AWSSecretKey=" "$AWS_CREDENTIAL_FILE" || echo "AWS_CREDENTIAL_FILE lacks AWSSecretKey"
SH
)
if problems=$(env -i PATH=/usr/bin:/bin bash -c "$CHECK" eucarc "$EUCARC" 2>&1) && [ -z "$problems" ]; then
  ok "eucarc sourced with set -u names existing files and sets AWS_IAM_URL"
else
  fail "eucarc: ${problems:-sourcing failed}"
fi

# shellcheck disable=SC1090
. "$EUCARC"
if command -v aws >/dev/null; then
  if out=$(aws iam list-users --endpoint-url "$AWS_IAM_URL" --output text 2>&1) && grep -q admin <<<"$out"; then
    ok "aws iam list-users at AWS_IAM_URL"
  else
    fail "aws iam list-users: $out"
  fi
fi

"$PY" - <<'PY' || FAILED=1
import os, random, sys
from urllib.parse import urlparse
import boto.iam.connection
from boto.exception import BotoServerError

u = urlparse(os.environ["AWS_IAM_URL"])
iam = boto.iam.connection.IAMConnection(
    os.environ["EC2_ACCESS_KEY"], os.environ["EC2_SECRET_KEY"], is_secure=u.scheme == "https",
    host=u.hostname, port=u.port, path=u.path or "/")
iam.auth_service_name = "iam"
iam.auth_region_name = os.environ.get("AWS_DEFAULT_REGION", "eucalyptus")
failed = False
suffix = "%06x" % random.randrange(1 << 24)

def ok(m): print("ok - " + m)
def fail(m):
    global failed
    failed = True
    print("FAIL - " + m)

def call(action, **params):
    return iam.get_response(action, params)

def error_of(f, *a, **k):
    try:
        f(*a, **k)
    except BotoServerError as e:
        return e.error_code
    return None

def user_with_key_and_cert(name):
    iam.create_user(name)
    iam.create_access_key(name)
    return call("CreateSigningCertificate", UserName=name)

try:
    # euare-usercreatecert: the key the server made is at Certificate/PrivateKey.
    user = "euare-sh-" + suffix
    made = user_with_key_and_cert(user)
    cert = made["create_signing_certificate_response"]["create_signing_certificate_result"]["certificate"]
    if cert.get("private_key", "").startswith("-----BEGIN") and cert.get("certificate_body", "").startswith("-----BEGIN"):
        ok("CreateSigningCertificate answers Certificate/PrivateKey beside CertificateBody")
    else:
        fail("CreateSigningCertificate: no Certificate/PrivateKey in %r" % (cert,))

    # DeleteUser: refused while keys remain; IsRecursive=true (euare-userdel -R) deletes them first.
    code = error_of(iam.delete_user, user)
    ok("DeleteUser of a user with keys: DeleteConflict") if code == "DeleteConflict" else fail("DeleteUser gave %r" % code)
    call("DeleteUser", UserName=user, IsRecursive="true")
    code = error_of(iam.get_user, user)
    ok("DeleteUser IsRecursive=true deleted the user") if code == "NoSuchEntity" else fail("GetUser after delete: %r" % code)

    # euare-userdel -r: lists and deletes on the client side, then DeleteUser.
    user2 = "euare-sh2-" + suffix
    user_with_key_and_cert(user2)
    keys = iam.get_all_access_keys(user2)["list_access_keys_response"]["list_access_keys_result"]["access_key_metadata"]
    policies = iam.get_all_user_policies(user2)["list_user_policies_response"]["list_user_policies_result"]["policy_names"]
    certs = iam.get_all_signing_certs(user_name=user2)["list_signing_certificates_response"]["list_signing_certificates_result"]["certificates"]
    groups = iam.get_groups_for_user(user2)["list_groups_for_user_response"]["list_groups_for_user_result"]["groups"]
    profile = error_of(iam.get_login_profiles, user2)
    for k in keys:
        iam.delete_access_key(k["access_key_id"], user2)
    for c in certs:
        iam.delete_signing_cert(c["certificate_id"], user2)
    iam.delete_user(user2)
    if len(keys) == 1 and len(certs) == 1 and not policies and not groups and profile == "NoSuchEntity" \
            and error_of(iam.get_user, user2) == "NoSuchEntity":
        ok("euare-userdel -r's requests: list keys/policies/certificates/groups, login profile, delete each, delete user")
    else:
        fail("euare-userdel -r: keys %r certs %r policies %r groups %r profile %r" % (keys, certs, policies, groups, profile))

    # DeleteAccount (euare-accountdel): a non-empty account needs Recursive=true.
    acct = "euare-sh-" + suffix
    call("CreateAccount", AccountName=acct)
    call("CreateAccessKey", UserName="admin", DelegateAccount=acct)
    call("CreateUser", UserName="u1", DelegateAccount=acct)
    code = error_of(call, "DeleteAccount", AccountName=acct)
    ok("DeleteAccount of a non-empty account: DeleteConflict") if code == "DeleteConflict" else fail("DeleteAccount gave %r" % code)
    call("DeleteAccount", AccountName=acct, Recursive="true")
    names = [a["account_name"] for a in
             iam.get_response("ListAccounts", {}, list_marker="Accounts")["list_accounts_response"]["list_accounts_result"]["accounts"]]
    ok("DeleteAccount Recursive=true deleted the account") if acct not in names else fail("account %s still listed" % acct)
except BotoServerError as e:
    fail("%s %s: %s" % (e.status, e.error_code, e.error_message))
sys.exit(1 if failed else 0)
PY
exit $FAILED
