#!/usr/bin/env bash
# The identity service as euca2ools' users meet it, driven with boto 2 (Debian's python3-boto:
# IAMConnection, SigV4 as euca2ools 3.4 signs IAM) and the AWS CLI against AWS_IAM_URL:
#  - the eucarc, sourced with `set -u`, names files that exist and sets AWS_IAM_URL;
#  - CreateSigningCertificate answers the server-made key at Certificate/PrivateKey
#    (what euare-usercreatecert reads);
#  - DeleteUser refuses a user with keys or certificates, takes IsRecursive=true (euare-userdel -R),
#    and answers every request euare-userdel -r makes on the client side;
#  - DeleteAccount refuses a non-empty account and takes Recursive=true (euare-accountdel -r);
#  - groups (create, members, paging, rename, DeleteConflict, IsRecursive), UpdateUser, account
#    aliases and GetAccountSummary.
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
    # Groups (euare-groupcreate, -groupadduser, -grouplistusers, -groupmod, -groupdel -r), paging,
    # UpdateUser (euare-usermod), account aliases and the account summary, as boto 2 sends them.
    grp, member = "euare-grp-" + suffix, "euare-member-" + suffix
    made = iam.create_group(grp, "/euare-sh/")["create_group_response"]["create_group_result"]["group"]
    if made["arn"].endswith(":group/euare-sh/" + grp) and made["group_id"].startswith("AGP"):
        ok("CreateGroup answers the group's Arn and GroupId")
    else:
        fail("CreateGroup: %r" % (made,))
    code = error_of(iam.create_group, grp)
    ok("CreateGroup of a taken name: EntityAlreadyExists") if code == "EntityAlreadyExists" else fail("CreateGroup again gave %r" % code)
    names = []
    for i in range(3):
        names.append("%s-%d" % (member, i))
        iam.create_user(names[-1], "/euare-sh/")
        iam.add_user_to_group(grp, names[-1])
    seen, marker, pages = [], None, 0
    while True:
        r = iam.get_group(grp, marker=marker, max_items=2)["get_group_response"]["get_group_result"]
        seen += [u["user_name"] for u in r["users"]]
        pages += 1
        if r["is_truncated"] != "true":
            break
        marker = r["marker"]
    ok("GetGroup pages its users (MaxItems=2: 2 pages)") if seen == names and pages == 2 else fail("GetGroup pages: %r in %d" % (seen, pages))
    listed = [g["group_name"] for g in iam.get_all_groups(path_prefix="/euare-sh/")["list_groups_response"]["list_groups_result"]["groups"]]
    ok("ListGroups by path prefix") if listed == [grp] else fail("ListGroups: %r" % listed)
    iam.update_user(names[0], new_user_name=names[0] + "-r", new_path="/euare-sh/renamed/")
    groups = iam.get_groups_for_user(names[0] + "-r")["list_groups_for_user_response"]["list_groups_for_user_result"]["groups"]
    ok("UpdateUser renames a user, who stays in its groups") if [g["group_name"] for g in groups] == [grp] else fail("after UpdateUser: %r" % groups)
    iam.update_group(grp, new_group_name=grp + "-r")
    code = error_of(iam.delete_group, grp + "-r")
    ok("DeleteGroup of a group with members: DeleteConflict") if code == "DeleteConflict" else fail("DeleteGroup gave %r" % code)
    call("DeleteGroup", GroupName=grp + "-r", IsRecursive="true")
    left = iam.get_groups_for_user(names[1])["list_groups_for_user_response"]["list_groups_for_user_result"]["groups"]
    ok("DeleteGroup IsRecursive=true took the memberships") if not left else fail("memberships left: %r" % left)
    for n in [names[0] + "-r"] + names[1:]:
        iam.delete_user(n)
    alias = "euare-sh-" + suffix
    iam.create_account_alias(alias)
    aliases = iam.get_account_alias()["list_account_aliases_response"]["list_account_aliases_result"]["account_aliases"]
    ok("CreateAccountAlias / ListAccountAliases") if aliases == [alias] else fail("aliases: %r" % aliases)
    code = error_of(iam.create_account_alias, "Not-An-Alias")
    ok("a bad alias: ValidationError") if code == "ValidationError" else fail("bad alias gave %r" % code)
    iam.delete_account_alias(alias)
    summary = iam.get_account_summary()
    if summary.get("GroupsPerUserQuota") == 10 and summary.get("Users", 0) >= 1 and "Groups" in summary:
        ok("GetAccountSummary's SummaryMap")
    else:
        fail("GetAccountSummary: %r" % (dict(summary),))
except BotoServerError as e:
    fail("%s %s: %s" % (e.status, e.error_code, e.error_message))
sys.exit(1 if failed else 0)
PY
exit $FAILED
