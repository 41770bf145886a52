#!/usr/bin/env bash
# Smoke test with the AWS CLI (Debian's awscli): starts tools/cloud-in-a-box on spare ports with the
# libvirt test driver, then zones, run, running, terminate, terminated, and a wrong key's AuthFailure;
# then IAM: a group, a user in it with a group policy and keys of its own, the user's allowed and
# denied EC2, S3 and IAM calls, a Deny beating the Allow, and the DeleteConflict cleanup.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v aws >/dev/null; then
  if [ "${CI:-}" = true ]; then echo "awscli-smoke: the aws command is missing (apt-get install awscli)" >&2; exit 1; fi
  echo "awscli-smoke: SKIPPED (no aws command; apt-get install awscli)"; exit 0
fi

WORK=$(mktemp -d)
export CLC_PORT=${SMOKE_CLC_PORT:-18773} CLC_HTTPS_PORT=${SMOKE_CLC_HTTPS_PORT:-18443} CC_PORT=${SMOKE_CC_PORT:-18774} NC_PORT=${SMOKE_NC_PORT:-18775}
export WALRUS_ROOT_PORT=${SMOKE_WALRUS_ROOT_PORT:-18780}
tools/cloud-in-a-box --data-dir "$WORK" --hypervisor test > "$WORK/cloud.out" 2>&1 &
CLOUD=$!
passed=0; failed=0
finish() {
  # A background job of a script ignores SIGINT, so stop it the way an init system would: SIGTERM.
  kill -TERM $CLOUD 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 $CLOUD 2>/dev/null || break; sleep 0.5; done
  if kill -0 $CLOUD 2>/dev/null; then
    fail "cloud-in-a-box did not stop within 30 s"; kill -9 $CLOUD 2>/dev/null || true
    for f in "$WORK"/run/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  elif ! grep -q '^Stopped.' "$WORK/cloud.out"; then
    fail "cloud-in-a-box did not stop cleanly"
  else
    ok "cloud-in-a-box stopped cleanly"
  fi
  if [ "$failed" -gt 0 ]; then
    echo "---- cloud-in-a-box output"; cat "$WORK/cloud.out"; tail -n 50 "$WORK"/log/*.log 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
fail_exit() { failed=$((failed+1)); echo "FAIL - the smoke test stopped early"; finish; echo "awscli-smoke: $passed passed, $failed failed"; exit 1; }
trap fail_exit EXIT
ok() { echo "ok - $*"; passed=$((passed+1)); }
fail() { echo "FAIL - $*"; failed=$((failed+1)); }

for _ in $(seq 1 240); do grep -q 'Press Ctrl-C' "$WORK/cloud.out" 2>/dev/null && break; kill -0 $CLOUD || break; sleep 0.5; done
grep -q 'Press Ctrl-C' "$WORK/cloud.out" || { fail "cloud-in-a-box did not start"; trap - EXIT; fail_exit; }
ok "cloud-in-a-box started"

# shellcheck disable=SC1091
. "$WORK/var/lib/eucalyptus/eucarc"
EMI=$(cat "$WORK/default-image-id")
AWS="aws --endpoint-url $EC2_URL --output text"

zones=$($AWS ec2 describe-availability-zones --query 'AvailabilityZones[].[ZoneName,State]')
echo "$zones" | grep -q 'cluster01' && ok "describe-availability-zones lists cluster01" || fail "zones: $zones"

regions=$($AWS ec2 describe-regions --query 'Regions[].RegionName')
echo "$regions" | grep -q eucalyptus && ok "describe-regions" || fail "regions: $regions"

ids=$($AWS ec2 run-instances --image-id "$EMI" --instance-type m1.small --count 2 --query 'Instances[].InstanceId')
n=$(echo "$ids" | wc -w)
[ "$n" = 2 ] && ok "run-instances started 2 instances ($ids)" || fail "run-instances: $ids"
first=$(echo "$ids" | awk '{print $1}')
[[ "$first" =~ ^i-[0-9a-f]{8}$ ]] && upper=$($AWS ec2 describe-instances --instance-ids "${first^^}" \
  --query 'Reservations[].Instances[].InstanceId') && [ "$upper" = "$first" ] \
  && ok "ids are lower case, and taken in upper case too" || fail "ids: $first, upper-case describe: ${upper:-}"
eip0=$($AWS ec2 allocate-address --query PublicIp) && $AWS ec2 release-address --public-ip "$eip0" \
  && ok "allocate-address works out of the box ($eip0)" || fail "allocate-address out of the box"

wait_state() { # wait_state STATE IDS...
  local want=$1; shift
  for _ in $(seq 1 100); do
    states=$($AWS ec2 describe-instances --instance-ids "$@" --query 'Reservations[].Instances[].State.Name' | tr '\t' '\n' | sort -u)
    [ "$states" = "$want" ] && return 0
    sleep 0.2
  done
  echo "states: $states"; return 1
}
# shellcheck disable=SC2086
wait_state running $ids && ok "instances are running" || fail "instances did not reach running"
# shellcheck disable=SC2086
$AWS ec2 terminate-instances --instance-ids $ids >/dev/null && ok "terminate-instances" || fail "terminate-instances"
# shellcheck disable=SC2086
wait_state terminated $ids && ok "instances are terminated" || fail "instances did not reach terminated"

# Key pairs: create (private key once), import an OpenSSH key, describe, delete.
$AWS ec2 create-key-pair --key-name smoke-key --query KeyMaterial > "$WORK/smoke-key.pem" \
  && grep -q 'BEGIN RSA PRIVATE KEY' "$WORK/smoke-key.pem" && ok "create-key-pair returns the private key" \
  || fail "create-key-pair"
if command -v ssh-keygen >/dev/null; then
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/id_smoke"
  $AWS ec2 import-key-pair --key-name smoke-imported --public-key-material "fileb://$WORK/id_smoke.pub" >/dev/null \
    && ok "import-key-pair" || fail "import-key-pair"
fi
keys=$($AWS ec2 describe-key-pairs --query 'KeyPairs[].KeyName')
echo "$keys" | grep -q smoke-key && ok "describe-key-pairs" || fail "describe-key-pairs: $keys"
err=$($AWS ec2 create-key-pair --key-name smoke-key 2>&1 || true)
echo "$err" | grep -q InvalidKeyPair.Duplicate && ok "a duplicate key pair is InvalidKeyPair.Duplicate" || fail "dup key: $err"

# Security groups: create, authorize a port, see it, revoke, delete.
gid=$($AWS ec2 create-security-group --group-name smoke-web --description "smoke test" --query GroupId)
$AWS ec2 authorize-security-group-ingress --group-name smoke-web --protocol tcp --port 22 --cidr 0.0.0.0/0 >/dev/null \
  && ok "authorize-security-group-ingress" || fail "authorize"
ports=$($AWS ec2 describe-security-groups --group-ids "$gid" --query 'SecurityGroups[0].IpPermissions[].FromPort')
[ "$ports" = 22 ] && ok "describe-security-groups shows the rule" || fail "rules: $ports"
err=$($AWS ec2 authorize-security-group-ingress --group-name smoke-web --protocol tcp --port 22 --cidr 0.0.0.0/0 2>&1 || true)
echo "$err" | grep -q InvalidPermission.Duplicate && ok "a duplicate rule is InvalidPermission.Duplicate" || fail "dup rule: $err"

# An instance with a key, in the group, tagged; addresses from the pool.
tools/bin/euca-admin set-addresses --eucarc "$WORK/var/lib/eucalyptus/eucarc" cluster01 198.51.100.10-198.51.100.12 >/dev/null \
  && ok "euca-admin set-addresses" || fail "set-addresses"
iid=$($AWS ec2 run-instances --image-id "$EMI" --count 1 --key-name smoke-key --security-groups smoke-web \
  --query 'Instances[0].InstanceId')
wait_state running "$iid" && ok "instance with key and group is running" || fail "keyed instance did not run"
$AWS ec2 create-tags --resources "$iid" --tags Key=role,Value=smoke && ok "create-tags" || fail "create-tags"
tagged=$($AWS ec2 describe-instances --filters Name=tag:role,Values=smoke --query 'Reservations[].Instances[].InstanceId')
[ "$tagged" = "$iid" ] && ok "describe-instances filters by tag" || fail "tag filter: $tagged"
tags=$($AWS ec2 describe-tags --filters Name=resource-id,Values="$iid" --query 'Tags[].Value')
[ "$tags" = smoke ] && ok "describe-tags" || fail "describe-tags: $tags"
eip=$($AWS ec2 allocate-address --query PublicIp)
$AWS ec2 associate-address --public-ip "$eip" --instance-id "$iid" >/dev/null && ok "associate-address" || fail "associate"
ip=$($AWS ec2 describe-instances --instance-ids "$iid" --query 'Reservations[0].Instances[0].PublicIpAddress')
[ "$ip" = "$eip" ] && ok "the instance has the elastic address" || fail "public ip: $ip vs $eip"
$AWS ec2 disassociate-address --public-ip "$eip" && $AWS ec2 release-address --public-ip "$eip" \
  && ok "disassociate and release" || fail "disassociate/release"
$AWS ec2 terminate-instances --instance-ids "$iid" >/dev/null
wait_state terminated "$iid" && ok "keyed instance terminated" || fail "keyed instance did not terminate"
$AWS ec2 delete-security-group --group-name smoke-web >/dev/null && ok "delete-security-group" || fail "delete group"
$AWS ec2 delete-key-pair --key-name smoke-key >/dev/null && ok "delete-key-pair" || fail "delete key"

# Walrus with aws s3: Signature V4 (the default), then S3's Signature V2.
S3="aws --endpoint-url $S3_URL"
head -c 3000000 /dev/urandom > "$WORK/blob"
$S3 s3 mb s3://smoke-bucket >/dev/null && ok "aws s3 mb" || fail "mb"
$S3 s3 cp "$WORK/blob" s3://smoke-bucket/dir/blob >/dev/null && ok "aws s3 cp up (3 MB)" || fail "cp up"
$S3 s3 cp s3://smoke-bucket/dir/blob "$WORK/blob.back" >/dev/null && cmp -s "$WORK/blob" "$WORK/blob.back" \
  && ok "aws s3 cp down gives the same bytes" || fail "cp down"
listed=$($S3 s3 ls s3://smoke-bucket/dir/ | awk '{print $4}')
[ "$listed" = blob ] && ok "aws s3 ls" || fail "ls: $listed"
head -c 20000000 /dev/urandom > "$WORK/big"
$S3 s3 cp "$WORK/big" s3://smoke-bucket/big >/dev/null && $S3 s3 cp s3://smoke-bucket/big "$WORK/big.back" >/dev/null \
  && cmp -s "$WORK/big" "$WORK/big.back" && ok "aws s3 cp of 20 MB (a multipart upload)" || fail "multipart cp"
etag=$($S3 s3api head-object --bucket smoke-bucket --key big --query ETag)
echo "$etag" | grep -q -- '-[0-9]' && ok "the multipart object has a multipart ETag" || fail "etag: $etag"
printf '[default]\ns3 =\n    signature_version = s3\n' > "$WORK/aws-v2.conf"
AWS_CONFIG_FILE="$WORK/aws-v2.conf" $S3 s3 cp "$WORK/blob" s3://smoke-bucket/v2/blob >/dev/null \
  && AWS_CONFIG_FILE="$WORK/aws-v2.conf" $S3 s3 cp s3://smoke-bucket/v2/blob "$WORK/blob.v2" >/dev/null \
  && cmp -s "$WORK/blob" "$WORK/blob.v2" && ok "S3 Signature V2 upload and download" || fail "sigv2"
rooted=$(aws --endpoint-url "http://127.0.0.1:$WALRUS_ROOT_PORT" s3 ls s3://smoke-bucket/dir/ | awk '{print $4}')
[ "$rooted" = blob ] && ok "the same objects at the root path of Walrus's own port" || fail "root port: $rooted"
err=$($S3 s3 rb s3://smoke-bucket 2>&1 || true)
echo "$err" | grep -q BucketNotEmpty && ok "a bucket with objects is not removed" || fail "rb non-empty: $err"
$S3 s3 rm --recursive s3://smoke-bucket >/dev/null && $S3 s3 rb s3://smoke-bucket >/dev/null \
  && ok "aws s3 rm and rb" || fail "rm/rb"

# s3cmd, path style against Walrus's root port, with Signature V4 and V2.
if command -v s3cmd >/dev/null; then
  cat > "$WORK/s3cfg" <<S3CFG
[default]
access_key = $EC2_ACCESS_KEY
secret_key = $EC2_SECRET_KEY
host_base = 127.0.0.1:$WALRUS_ROOT_PORT
host_bucket = 127.0.0.1:$WALRUS_ROOT_PORT
use_https = False
bucket_location = eucalyptus
S3CFG
  S3CMD="s3cmd --config=$WORK/s3cfg --no-progress"
  $S3CMD mb s3://smoke-s3cmd >/dev/null && ok "s3cmd mb" || fail "s3cmd mb"
  $S3CMD put "$WORK/blob" s3://smoke-s3cmd/blob >/dev/null && $S3CMD get --force s3://smoke-s3cmd/blob "$WORK/blob.s3cmd" >/dev/null \
    && cmp -s "$WORK/blob" "$WORK/blob.s3cmd" && ok "s3cmd put and get (Signature V4)" || fail "s3cmd put/get"
  $S3CMD --signature-v2 put "$WORK/blob" s3://smoke-s3cmd/blob2 >/dev/null \
    && $S3CMD --signature-v2 get --force s3://smoke-s3cmd/blob2 "$WORK/blob.s3cmd2" >/dev/null \
    && cmp -s "$WORK/blob" "$WORK/blob.s3cmd2" && ok "s3cmd put and get (Signature V2)" || fail "s3cmd v2 put/get"
  listed=$($S3CMD ls s3://smoke-s3cmd/ | awk '{print $4}' | tr '\n' ' ')
  [ "$listed" = "s3://smoke-s3cmd/blob s3://smoke-s3cmd/blob2 " ] && ok "s3cmd ls" || fail "s3cmd ls: $listed"
  $S3CMD del s3://smoke-s3cmd/blob s3://smoke-s3cmd/blob2 >/dev/null && $S3CMD rb s3://smoke-s3cmd >/dev/null \
    && ok "s3cmd del and rb" || fail "s3cmd del/rb"
elif [ "${CI:-}" = true ]; then
  fail "s3cmd is missing (apt-get install s3cmd)"
fi

# The image flow with a credentials zip: our euca-bundle-image and euca-upload-bundle, then the AWS CLI.
ADMINRC="$WORK/var/lib/eucalyptus/eucarc"
tools/bin/euca-admin get-credentials --eucarc "$ADMINRC" "$WORK/creds.zip" >/dev/null && mkdir -p "$WORK/creds" \
  && python3 -m zipfile -e "$WORK/creds.zip" "$WORK/creds" && ok "euca-admin get-credentials" || fail "get-credentials"
head -c 2500000 /dev/urandom > "$WORK/smoke.img"
if ( . "$WORK/creds/eucarc" && tools/bin/euca-bundle-image -i "$WORK/smoke.img" -d "$WORK/bundle" >/dev/null 2>&1 \
     && tools/bin/euca-upload-bundle -b smoke-images -m "$WORK/bundle/smoke.img.manifest.xml" >/dev/null 2>&1 ); then
  ok "euca-bundle-image and euca-upload-bundle"
else
  fail "bundle and upload"
fi
bundled=$($AWS ec2 register-image --image-location smoke-images/smoke.img.manifest.xml --name smoke-bundled --query ImageId)
echo "$bundled" | grep -q '^emi-' && ok "aws ec2 register-image from a bundle ($bundled)" || fail "register-image: $bundled"
loc=$($AWS ec2 describe-images --image-ids "$bundled" --query 'Images[0].ImageLocation')
[ "$loc" = smoke-images/smoke.img.manifest.xml ] && ok "describe-images shows the manifest" || fail "location: $loc"
err=$($AWS ec2 register-image --image-location smoke-images/missing.manifest.xml --name nope 2>&1 || true)
echo "$err" | grep -q InvalidManifest && ok "a missing manifest gets InvalidManifest" || fail "missing manifest: $err"
bid=$($AWS ec2 run-instances --image-id "$bundled" --count 1 --query 'Instances[0].InstanceId')
wait_state running "$bid" && ok "an instance of the bundled image runs" || fail "bundled instance did not run"
$AWS ec2 terminate-instances --instance-ids "$bid" >/dev/null
wait_state terminated "$bid" && ok "the bundled image's instance terminated" || fail "bundled instance did not terminate"

err=$(AWS_SECRET_ACCESS_KEY=wrong aws --endpoint-url "$EC2_URL" ec2 describe-instances 2>&1 || true)
echo "$err" | grep -q AuthFailure && ok "a wrong secret key gets AuthFailure" || fail "wrong key: $err"

err=$($AWS ec2 run-instances --image-id emi-00000000 --count 1 2>&1 || true)
echo "$err" | grep -q InvalidAMIID.NotFound && ok "an unknown image gets InvalidAMIID.NotFound" || fail "unknown image: $err"

# IAM: a group whose policy lets its members describe EC2 and read one bucket, a user in it with
# keys of its own (a separate AWS CLI environment), what it may and may not do with them, a Deny
# beating the Allow, and the DeleteConflict cleanup.
iam_started=$SECONDS
IAM="aws --endpoint-url $AWS_IAM_URL --output text"
echo hello > "$WORK/hello"
$S3 s3 mb s3://smoke-iam-read >/dev/null && $S3 s3 cp "$WORK/hello" s3://smoke-iam-read/hello >/dev/null \
  && $S3 s3 mb s3://smoke-iam-other >/dev/null && $S3 s3 cp "$WORK/hello" s3://smoke-iam-other/hello >/dev/null \
  && ok "two buckets for the IAM checks" || fail "buckets for the IAM checks"
cat > "$WORK/readers.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
  {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
   "Resource": ["arn:aws:s3:::smoke-iam-read", "arn:aws:s3:::smoke-iam-read/*"]}]}
JSON
$IAM iam create-group --group-name smoke-readers --path /smoke/ >/dev/null && ok "iam create-group" || fail "create-group"
$IAM iam create-user --user-name smoke-reader >/dev/null && ok "iam create-user" || fail "create-user"
$IAM iam add-user-to-group --group-name smoke-readers --user-name smoke-reader \
  && ok "iam add-user-to-group" || fail "add-user-to-group"
$IAM iam put-group-policy --group-name smoke-readers --policy-name readers \
  --policy-document "file://$WORK/readers.json" && ok "iam put-group-policy" || fail "put-group-policy"
action=$($IAM iam get-group-policy --group-name smoke-readers --policy-name readers \
  --query 'PolicyDocument.Statement[0].Action' 2>&1 || true)
[ "$action" = 'ec2:Describe*' ] && ok "iam get-group-policy gives the document back" || fail "get-group-policy: $action"
member=$($IAM iam get-group --group-name smoke-readers --query 'Users[].UserName' 2>&1 || true)
[ "$member" = smoke-reader ] && ok "iam get-group lists the member" || fail "get-group: $member"
groups=$($IAM iam list-groups-for-user --user-name smoke-reader --query 'Groups[].GroupName' 2>&1 || true)
[ "$groups" = smoke-readers ] && ok "iam list-groups-for-user" || fail "list-groups-for-user: $groups"
ukeys=$($IAM iam create-access-key --user-name smoke-reader --query 'AccessKey.[AccessKeyId,SecretAccessKey]' \
  2>/dev/null || true)
ukey=$(awk '{print $1}' <<<"$ukeys"); usecret=$(awk '{print $2}' <<<"$ukeys")
[ -n "${ukey:-}" ] && [ -n "${usecret:-}" ] && ok "iam create-access-key for the user" || fail "create-access-key: no key"
# The user's own environment: its keys only, whatever the admin's eucarc exported.
AS_USER="env AWS_ACCESS_KEY_ID=${ukey:-none} AWS_SECRET_ACCESS_KEY=${usecret:-none} aws --output text"
UEC2="$AS_USER --endpoint-url $EC2_URL"
US3="$AS_USER --endpoint-url $S3_URL"
UIAM="$AS_USER --endpoint-url $AWS_IAM_URL"
out=$($UEC2 ec2 describe-instances --query 'length(Reservations)' 2>&1) \
  && ok "the user may describe-instances" || fail "user describe-instances: $out"
out=$($UEC2 ec2 describe-images --query 'Images[].ImageId' 2>&1) && echo "$out" | grep -q "$EMI" \
  && ok "the user may describe-images (ec2:Describe*)" || fail "user describe-images: $out"
err=$($UEC2 ec2 run-instances --image-id "$EMI" --count 1 2>&1 || true)
echo "$err" | grep -q UnauthorizedOperation && ok "the user's run-instances is UnauthorizedOperation" \
  || { fail "user run-instances: ${err:0:200}"; leaked=$(grep -ow 'i-[0-9a-f]\{8\}' <<<"$err" | sort -u || true)
       [ -z "$leaked" ] || $AWS ec2 terminate-instances --instance-ids $leaked >/dev/null || true; }
err=$($UEC2 ec2 create-key-pair --key-name smoke-denied 2>&1 || true)
echo "$err" | grep -q UnauthorizedOperation && ok "the user's create-key-pair is UnauthorizedOperation" \
  || { fail "user create-key-pair: ${err:0:200}"; $AWS ec2 delete-key-pair --key-name smoke-denied >/dev/null || true; }
listed=$($US3 s3 ls s3://smoke-iam-read/ 2>&1 | awk '{print $4}' || true)
[ "$listed" = hello ] && ok "the user may list the allowed bucket" || fail "user ls allowed bucket: $listed"
got=$($US3 s3 cp s3://smoke-iam-read/hello - 2>&1 || true)
[ "$got" = hello ] && ok "the user may read an object of the allowed bucket" || fail "user get: $got"
err=$($US3 s3 ls s3://smoke-iam-other/ 2>&1 || true)
echo "$err" | grep -q AccessDenied && ok "the user's ls of another bucket is AccessDenied" || fail "user ls other: $err"
err=$($US3 s3 cp s3://smoke-iam-other/hello - 2>&1 || true)
echo "$err" | grep -q -e AccessDenied -e '403' && ok "the user's read of another bucket's object is refused (403)" \
  || fail "user get other: $err"
err=$($US3 s3 cp "$WORK/hello" s3://smoke-iam-read/put-by-user 2>&1 || true)
echo "$err" | grep -q AccessDenied && ok "the user's put into the read-only bucket is AccessDenied" || fail "user put: $err"
err=$($UIAM iam list-users 2>&1 || true)
echo "$err" | grep -q AccessDenied && ok "the user's iam list-users is AccessDenied" || fail "user list-users: $err"

# An explicit Deny (here the user's own policy) beats the group's Allow, from the next request on.
printf '%s' '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["ec2:DescribeInstances","s3:GetObject"],"Resource":"*"}]}' \
  > "$WORK/deny.json"
$IAM iam put-user-policy --user-name smoke-reader --policy-name no-describe --policy-document "file://$WORK/deny.json" \
  && ok "iam put-user-policy (a Deny)" || fail "put-user-policy"
err=$($UEC2 ec2 describe-instances 2>&1 || true)
echo "$err" | grep -q UnauthorizedOperation && ok "the Deny beats the group's Allow: describe-instances refused" \
  || fail "describe-instances under the Deny: $err"
err=$($US3 s3 cp s3://smoke-iam-read/hello - 2>&1 || true)
echo "$err" | grep -q -e AccessDenied -e '403' && ok "the Deny beats the Allow on S3 too" || fail "get under the Deny: $err"
out=$($UEC2 ec2 describe-images --query 'Images[].ImageId' 2>&1) && echo "$out" | grep -q "$EMI" \
  && ok "what the Deny does not name stays allowed (describe-images)" || fail "describe-images under the Deny: $out"
out=""
$IAM iam delete-user-policy --user-name smoke-reader --policy-name no-describe \
  && out=$($UEC2 ec2 describe-instances --query 'length(Reservations)' 2>&1) \
  && ok "with the Deny deleted, describe-instances is allowed again" || fail "after deleting the Deny: ${out:-}"

# Cleanup as IAM wants it: no user with keys, policies or groups, no group with members or policies.
err=$($IAM iam delete-user --user-name smoke-reader 2>&1 || true)
echo "$err" | grep -q DeleteConflict && ok "delete-user of a user with a key and a group is DeleteConflict" \
  || fail "delete-user with a key: $err"
err=$($IAM iam delete-group --group-name smoke-readers 2>&1 || true)
echo "$err" | grep -q DeleteConflict && ok "delete-group of a group with a member and a policy is DeleteConflict" \
  || fail "delete-group with a member: $err"
$IAM iam delete-access-key --user-name smoke-reader --access-key-id "${ukey:-none}" \
  && $IAM iam remove-user-from-group --group-name smoke-readers --user-name smoke-reader \
  && $IAM iam delete-group-policy --group-name smoke-readers --policy-name readers \
  && $IAM iam delete-group --group-name smoke-readers \
  && $IAM iam delete-user --user-name smoke-reader && ok "key, membership, policy, group and user deleted" \
  || fail "IAM cleanup"
err=$($IAM iam get-user --user-name smoke-reader 2>&1 || true)
echo "$err" | grep -q NoSuchEntity && ok "the deleted user is NoSuchEntity" || fail "get-user after delete: $err"
err=$($UEC2 ec2 describe-instances 2>&1 || true)
echo "$err" | grep -q AuthFailure && ok "the deleted user's key is refused (AuthFailure)" || fail "deleted key: $err"
$S3 s3 rm --recursive s3://smoke-iam-read >/dev/null && $S3 s3 rb s3://smoke-iam-read >/dev/null \
  && $S3 s3 rm --recursive s3://smoke-iam-other >/dev/null && $S3 s3 rb s3://smoke-iam-other >/dev/null \
  && ok "the IAM checks' buckets removed" || fail "IAM buckets cleanup"
echo "# IAM users, groups and policies: $((SECONDS - iam_started)) s"

finish
trap - EXIT
echo "awscli-smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
