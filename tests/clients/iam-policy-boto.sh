#!/usr/bin/env bash
# IAM groups and policies as boto users meet them. With boto 2 (Debian's python3-boto: IAMConnection
# signing SigV4 for `iam`, EC2Connection signing Signature V2 as euca2ools does):
#  - CreateGroup, CreateUser, AddUserToGroup, PutGroupPolicy (ec2:Describe*), GetGroupPolicy (its
#    document URL-encoded, as IAM answers it), GetGroup, ListGroupsForUser, ListGroupPolicies;
#  - the member's own keys: DescribeInstances allowed, CreateKeyPair and RunInstances refused with
#    UnauthorizedOperation, IAM's ListUsers with AccessDenied; a user policy's Deny beats the Allow;
#  - DeleteUser and DeleteGroup refused with DeleteConflict while the user has a key and a group and
#    the group a member and a policy; then each removed and both deleted;
#  - an account quota of one instance (PutAccountPolicy, a raw signed call): the second RunInstances
#    of that account's admin is InstanceLimitExceeded.
# Then the same with boto3, where it is installed (the python3 on PATH; skipped otherwise, CI too).
# Env (tests/clients-smoke.sh sets it): EUCARC, EC2_URL, AWS_IAM_URL, EMI.
# Prints `ok - ...` / `FAIL - ...`; exits 1 on any failure. Without boto 2 it prints SKIPPED and
# exits 0, unless CI=true.
set -uo pipefail
: "${EUCARC:?set EUCARC to the eucarc of the cloud administrator}"
PY2=/usr/bin/python3
if ! "$PY2" -c 'import boto.iam, boto.ec2' 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then echo "FAIL - boto 2 (python3-boto) is missing under CI"; exit 1; fi
  echo "SKIPPED - boto 2 (python3-boto) is not installed"; exit 0
fi
# shellcheck disable=SC1090
. "$EUCARC"
export EC2_URL AWS_IAM_URL EC2_ACCESS_KEY EC2_SECRET_KEY EMI="${EMI:-}"
FAILED=0

"$PY2" - <<'PY' || FAILED=1
import json, os, random, sys, time
from urllib.parse import unquote, urlparse
import boto.iam.connection
from boto.ec2.connection import EC2Connection
from boto.ec2.regioninfo import RegionInfo
from boto.exception import BotoServerError

failed = False
suffix = "%06x" % random.randrange(1 << 24)
group, user = "boto2-readers-" + suffix, "boto2-reader-" + suffix
DESCRIBE = {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}
DENY = {"Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "ec2:DescribeInstances", "Resource": "*"}]}

def ok(m): print("ok - boto 2: " + m)
def fail(m):
    global failed
    failed = True
    print("FAIL - boto 2: " + m)

def check(what, cond, got=None):
    ok(what) if cond else fail("%s: got %r" % (what, got))

def error_of(f, *a, **k):
    try:
        f(*a, **k)
    except BotoServerError as e:
        return e.error_code
    return None

def iam_as(key, secret):
    u = urlparse(os.environ["AWS_IAM_URL"])
    c = boto.iam.connection.IAMConnection(key, secret, is_secure=u.scheme == "https",
                                          host=u.hostname, port=u.port, path=u.path or "/")
    c.auth_service_name = "iam"
    c.auth_region_name = os.environ.get("AWS_DEFAULT_REGION", "eucalyptus")
    return c

def ec2_as(key, secret):
    u = urlparse(os.environ["EC2_URL"])
    return EC2Connection(key, secret, region=RegionInfo(name="eucalyptus", endpoint=u.hostname),
                         port=u.port or 8773, path=u.path or "/services/Eucalyptus", is_secure=u.scheme == "https")

def result(response, name):
    return response[name + "_response"][name + "_result"]

iam = iam_as(os.environ["EC2_ACCESS_KEY"], os.environ["EC2_SECRET_KEY"])
key_id = None
try:
    iam.create_group(group, path="/boto/")
    iam.create_user(user)
    iam.add_user_to_group(group, user)
    iam.put_group_policy(group, "describe", json.dumps(DESCRIBE))
    ok("create_group, create_user, add_user_to_group, put_group_policy")
    raw = result(iam.get_group_policy(group, "describe"), "get_group_policy")["policy_document"]
    check("get_group_policy answers the document URL-encoded, as IAM does",
          raw[:3].upper() == "%7B" and json.loads(unquote(raw)) == DESCRIBE, raw)
    members = [u["user_name"] for u in result(iam.get_group(group), "get_group")["users"]]
    check("get_group lists the member", members == [user], members)
    groups = [g["group_name"] for g in result(iam.get_groups_for_user(user), "list_groups_for_user")["groups"]]
    check("get_groups_for_user", groups == [group], groups)
    names = list(result(iam.get_all_group_policies(group), "list_group_policies")["policy_names"])
    check("get_all_group_policies", names == ["describe"], names)

    made = result(iam.create_access_key(user), "create_access_key")["access_key"]
    key_id = made["access_key_id"]
    ec2 = ec2_as(key_id, made["secret_access_key"])
    try:
        ec2.get_all_instances()
        ok("the member's DescribeInstances (Signature V2) is allowed")
    except BotoServerError as e:
        fail("the member's DescribeInstances: %s %s" % (e.error_code, e.error_message))
    code = error_of(ec2.create_key_pair, "boto2-denied-" + suffix)
    check("the member's CreateKeyPair is UnauthorizedOperation", code == "UnauthorizedOperation", code)
    if os.environ.get("EMI"):
        code = error_of(ec2.run_instances, os.environ["EMI"], instance_type="m1.small")
        check("the member's RunInstances is UnauthorizedOperation", code == "UnauthorizedOperation", code)
    code = error_of(iam_as(key_id, made["secret_access_key"]).get_all_users)
    check("the member's ListUsers is AccessDenied", code == "AccessDenied", code)

    iam.put_user_policy(user, "no-describe", json.dumps(DENY))
    code = error_of(ec2.get_all_instances)
    check("a user policy's Deny beats the group's Allow", code == "UnauthorizedOperation", code)
    iam.delete_user_policy(user, "no-describe")
    code = error_of(ec2.get_all_instances)
    check("with the Deny deleted, DescribeInstances is allowed again", code is None, code)

    code = error_of(iam.delete_user, user)
    check("delete_user of a member with a key is DeleteConflict", code == "DeleteConflict", code)
    code = error_of(iam.delete_group, group)
    check("delete_group with a member and a policy is DeleteConflict", code == "DeleteConflict", code)
except BotoServerError as e:
    fail("%s %s: %s" % (e.status, e.error_code, e.error_message))
finally:
    # What euare-userdel -r and euare-groupdel -r do on the client side, then the deletes.
    steps = [lambda: key_id and iam.delete_access_key(key_id, user),
             lambda: iam.delete_user_policy(user, "no-describe"),
             lambda: iam.remove_user_from_group(group, user),
             lambda: iam.delete_group_policy(group, "describe"),
             lambda: iam.delete_group(group),
             lambda: iam.delete_user(user)]
    errors = [error_of(s) for s in steps]
    # The user policy is already gone when the scenario got that far (NoSuchEntity).
    if [e for i, e in enumerate(errors) if e and not (i == 1 and e == "NoSuchEntity")]:
        fail("cleanup: %r" % (errors,))
    else:
        check("key, membership, policy, group and user deleted", error_of(iam.get_user, user) == "NoSuchEntity")

# An account quota, as the cloud administrator sets it with PutAccountPolicy (Eucalyptus's action,
# which no AWS client names: a raw signed call) and the account's admin meets it.
QUOTA = {"Version": "2012-10-17", "Statement": [{"Effect": "Limit", "Action": "ec2:RunInstances", "Resource": "*",
         "Condition": {"NumericLessThanEquals": {"ec2:quota-vminstancenumber": "1"}}}]}
account = "boto2-quota-" + suffix
if not os.environ.get("EMI"):
    print("ok - boto 2: an account quota of 1 instance # SKIP no EMI given")
else:
    try:
        iam.get_response("CreateAccount", {"AccountName": account})
        iam.get_response("PutAccountPolicy", {"AccountName": account, "PolicyName": "one-instance",
                                              "PolicyDocument": json.dumps(QUOTA)})
        names = result(iam.get_response("ListAccountPolicies", {"AccountName": account}, list_marker="PolicyNames"),
                       "list_account_policies")["policy_names"]
        check("PutAccountPolicy and ListAccountPolicies", list(names) == ["one-instance"], names)
        made = result(iam.get_response("CreateAccessKey", {"UserName": "admin", "DelegateAccount": account}),
                      "create_access_key")["access_key"]
        quota_ec2 = ec2_as(made["access_key_id"], made["secret_access_key"])
        launched = [quota_ec2.run_instances(os.environ["EMI"], instance_type="m1.small").instances[0].id]
        try:
            launched.append(quota_ec2.run_instances(os.environ["EMI"], instance_type="m1.small").instances[0].id)
            fail("the account's second instance was launched past its quota of 1")
        except BotoServerError as e:
            check("the account's second instance is InstanceLimitExceeded", e.error_code == "InstanceLimitExceeded",
                  e.error_code)
        quota_ec2.terminate_instances(launched)
        for _ in range(120):  # DeleteAccount refuses an account whose instances are not terminated
            if {i.state for i in quota_ec2.get_only_instances(instance_ids=launched)} == {"terminated"}:
                break
            time.sleep(0.5)
    except BotoServerError as e:
        fail("account quota: %s %s: %s" % (e.status, e.error_code, e.error_message))
    finally:
        code = error_of(iam.get_response, "DeleteAccount", {"AccountName": account, "Recursive": "true"})
        check("the quota's account deleted", code in (None, "NoSuchEntity"), code)
sys.exit(1 if failed else 0)
PY

if ! python3 -c 'import boto3' 2>/dev/null; then
  echo "ok - boto3 # SKIP boto3 is not installed for $(command -v python3)"
  exit $FAILED
fi
python3 - <<'PY' || FAILED=1
import json, os, random, sys
import boto3
from botocore.exceptions import ClientError

failed = False
suffix = "%06x" % random.randrange(1 << 24)
group, user = "boto3-readers-" + suffix, "boto3-reader-" + suffix
region = os.environ.get("AWS_DEFAULT_REGION", "eucalyptus")
DESCRIBE = {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}

def ok(m): print("ok - boto3: " + m)
def fail(m):
    global failed
    failed = True
    print("FAIL - boto3: " + m)

def check(what, cond, got=None):
    ok(what) if cond else fail("%s: got %r" % (what, got))

def error_of(f, **k):
    try:
        f(**k)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None

def client(service, url, key, secret):
    return boto3.client(service, endpoint_url=url, region_name=region,
                        aws_access_key_id=key, aws_secret_access_key=secret)

iam = client("iam", os.environ["AWS_IAM_URL"], os.environ["EC2_ACCESS_KEY"], os.environ["EC2_SECRET_KEY"])
key_id = None
try:
    iam.create_group(GroupName=group)
    iam.create_user(UserName=user)
    iam.add_user_to_group(GroupName=group, UserName=user)
    iam.put_group_policy(GroupName=group, PolicyName="describe", PolicyDocument=json.dumps(DESCRIBE))
    doc = iam.get_group_policy(GroupName=group, PolicyName="describe")["PolicyDocument"]
    check("put_group_policy and get_group_policy (decoded by botocore)", doc == DESCRIBE, doc)
    made = iam.create_access_key(UserName=user)["AccessKey"]
    key_id = made["AccessKeyId"]
    ec2 = client("ec2", os.environ["EC2_URL"], key_id, made["SecretAccessKey"])
    code = error_of(ec2.describe_instances)
    check("the member's describe_instances is allowed", code is None, code)
    code = error_of(ec2.create_key_pair, KeyName="boto3-denied-" + suffix)
    check("the member's create_key_pair is UnauthorizedOperation", code == "UnauthorizedOperation", code)
    code = error_of(client("iam", os.environ["AWS_IAM_URL"], key_id, made["SecretAccessKey"]).list_users)
    check("the member's list_users is AccessDenied", code == "AccessDenied", code)
except ClientError as e:
    fail("%s" % e)
finally:
    steps = [lambda: key_id and iam.delete_access_key(UserName=user, AccessKeyId=key_id),
             lambda: iam.remove_user_from_group(GroupName=group, UserName=user),
             lambda: iam.delete_group_policy(GroupName=group, PolicyName="describe"),
             lambda: iam.delete_group(GroupName=group),
             lambda: iam.delete_user(UserName=user)]
    errors = []
    for s in steps:
        try:
            s()
        except ClientError as e:
            errors.append(e.response["Error"]["Code"])
    check("cleanup: key, membership, policy, group and user deleted", not errors, errors)
sys.exit(1 if failed else 0)
PY
exit $FAILED
