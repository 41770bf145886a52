#!/usr/bin/env bash
# The cloud's HTTPS port as users reach it: the AWS CLI (--ca-bundle, then AWS_CA_BUNDLE as an eucarc
# with CLC_EUCARC_HTTPS=Y exports it), boto3 (verify=the cloud's CA) and boto 2 (Debian's python3-boto,
# SigV2 as euca2ools signs, its CA file from a boto config), each with certificate and host-name
# checks on: EC2, IAM and S3 calls that carry secrets (CreateKeyPair, CreateAccessKey, an object),
# and a refusal when the client does not trust the cloud's CA.
# Env: HTTPS_BASE (https://localhost:PORT), CLOUD_CA (cloud-cert.pem), AWS_ACCESS_KEY, AWS_SECRET_KEY, WORK.
# Prints `ok - ...` / `FAIL - ...`; exits 1 on any failure. A missing client prints SKIPPED (outside CI).
set -uo pipefail
: "${HTTPS_BASE:?set HTTPS_BASE to https://localhost:PORT of the cloud}" "${CLOUD_CA:?set CLOUD_CA to cloud-cert.pem}"
PY=/usr/bin/python3
FAILED=0
ok() { echo "ok - $*"; }
fail() { echo "FAIL - $*"; FAILED=1; }
missing() {
  if [ "${CI:-}" = "true" ]; then fail "$1 is missing under CI"; else echo "SKIPPED - $1 is not installed"; fi
}
TMP=$(mktemp -d "${WORK:-/tmp}/tls.XXXXXX")
export AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$AWS_SECRET_KEY AWS_DEFAULT_REGION=eucalyptus
EC2="$HTTPS_BASE/services/Eucalyptus" IAM="$HTTPS_BASE/services/Euare" S3="$HTTPS_BASE/services/Walrus"

# --- the AWS CLI
if command -v aws >/dev/null; then
  if out=$(aws ec2 create-key-pair --endpoint-url "$EC2" --ca-bundle "$CLOUD_CA" --key-name tls-cli \
      --query KeyMaterial --output text 2>&1) && [[ $out == -----BEGIN* ]]; then
    ok "aws ec2 create-key-pair over HTTPS (--ca-bundle)"
  else
    fail "aws ec2 create-key-pair over HTTPS: $out"
  fi
  if out=$(AWS_CA_BUNDLE=$CLOUD_CA aws iam create-user --endpoint-url "$IAM" --user-name tls-cli 2>&1) \
      && out=$(AWS_CA_BUNDLE=$CLOUD_CA aws iam create-access-key --endpoint-url "$IAM" --user-name tls-cli \
        --query AccessKey.SecretAccessKey --output text 2>&1) && [ -n "$out" ]; then
    ok "aws iam create-access-key over HTTPS (AWS_CA_BUNDLE)"
  else
    fail "aws iam over HTTPS: $out"
  fi
  head -c 3000000 /dev/urandom > "$TMP/obj"
  if AWS_CA_BUNDLE=$CLOUD_CA aws s3api create-bucket --endpoint-url "$S3" --bucket tls-cli >/dev/null 2>&1 \
      && AWS_CA_BUNDLE=$CLOUD_CA aws s3api put-object --endpoint-url "$S3" --bucket tls-cli --key obj \
        --body "$TMP/obj" >/dev/null 2>&1 \
      && AWS_CA_BUNDLE=$CLOUD_CA aws s3api get-object --endpoint-url "$S3" --bucket tls-cli --key obj \
        "$TMP/back" >/dev/null 2>&1 && cmp -s "$TMP/obj" "$TMP/back"; then
    ok "aws s3api put-object and get-object of 3 MB over HTTPS, byte for byte"
  else
    fail "aws s3api over HTTPS"
  fi
  if out=$(env -u AWS_CA_BUNDLE aws ec2 describe-regions --endpoint-url "$EC2" 2>&1); then
    fail "the AWS CLI trusted the cloud's port without its CA: $out"
  elif grep -qi "certificate verify failed\|SSL" <<<"$out"; then
    ok "the AWS CLI refuses the port when it does not trust the cloud's CA"
  else
    fail "the AWS CLI failed otherwise than on the certificate: $out"
  fi
else
  missing "the AWS CLI"
fi

# --- boto3
if "$PY" -c 'import boto3' 2>/dev/null; then
  if out=$("$PY" - "$EC2" "$IAM" "$S3" "$CLOUD_CA" 2>&1 <<'PY'
import sys, boto3, botocore.exceptions
ec2_url, iam_url, s3_url, ca = sys.argv[1:5]
ec2 = boto3.client("ec2", endpoint_url=ec2_url, verify=ca)
assert ec2.create_key_pair(KeyName="tls-boto3")["KeyMaterial"].startswith("-----BEGIN")
assert "tls-boto3" in [k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]]
iam = boto3.client("iam", endpoint_url=iam_url, verify=ca)
iam.create_user(UserName="tls-boto3")
assert iam.create_access_key(UserName="tls-boto3")["AccessKey"]["SecretAccessKey"]
s3 = boto3.client("s3", endpoint_url=s3_url, verify=ca, config=botocore.config.Config(s3={"addressing_style": "path"}))
s3.create_bucket(Bucket="tls-boto3")
body = bytes(range(256)) * 20000
s3.put_object(Bucket="tls-boto3", Key="k", Body=body)
assert s3.get_object(Bucket="tls-boto3", Key="k")["Body"].read() == body
try:
    boto3.client("ec2", endpoint_url=ec2_url).describe_regions()
    sys.exit("boto3 trusted the port without the cloud's CA")
except botocore.exceptions.SSLError:
    pass
print("boto3: EC2, IAM and S3 over HTTPS")
PY
  ); then
    ok "$out; refused without the cloud's CA"
  else
    fail "boto3 over HTTPS: $out"
  fi
else
  missing "boto3 (python3-boto3)"
fi

# --- boto 2, as euca2ools: its CA file comes from a boto config (BOTO_CONFIG)
if "$PY" -c 'import boto' 2>/dev/null; then
  printf '[Boto]\nhttps_validate_certificates = True\nca_certificates_file = %s\n' "$CLOUD_CA" > "$TMP/boto.cfg"
  if out=$(BOTO_CONFIG="$TMP/boto.cfg" "$PY" - "$HTTPS_BASE" 2>&1 <<'PY'
import os, sys
from urllib.parse import urlparse
from boto.ec2.connection import EC2Connection
from boto.ec2.regioninfo import RegionInfo
from boto.iam.connection import IAMConnection
from boto.s3.connection import S3Connection, OrdinaryCallingFormat
u = urlparse(sys.argv[1])
key, secret = os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]
ec2 = EC2Connection(key, secret, is_secure=True, port=u.port, path="/services/Eucalyptus",
                    region=RegionInfo(name="eucalyptus", endpoint=u.hostname), validate_certs=True)
assert ec2.create_key_pair("tls-boto2").material.startswith("-----BEGIN")
iam = IAMConnection(key, secret, is_secure=True, host=u.hostname, port=u.port, path="/services/Euare",
                    validate_certs=True)
iam.create_user("tls-boto2")
assert iam.create_access_key("tls-boto2")
s3 = S3Connection(key, secret, is_secure=True, host=u.hostname, port=u.port, path="/services/Walrus",
                  calling_format=OrdinaryCallingFormat(), validate_certs=True)
b = s3.create_bucket("tls-boto2")
k = b.new_key("k")
k.set_contents_from_string("over tls " * 1000)
assert b.get_key("k").get_contents_as_string() == b"over tls " * 1000
print("boto 2: EC2, IAM and S3 over HTTPS")
PY
  ); then
    ok "$out"
  else
    fail "boto 2 over HTTPS: $out"
  fi
else
  missing "boto 2 (python3-boto)"
fi

rm -rf "$TMP"
exit $FAILED
