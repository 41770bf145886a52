#!/usr/bin/env bash
# S3 clients users already have, against a running cloud: boto 2 (Debian's python3-boto) through
# S3_URL (/services/Walrus, OrdinaryCallingFormat), its presigned URLs fetched by curl; euca2ools 3's
# Signature V2 (the resource without S3_URL's path) by hand; s3cmd on Walrus's root port (mb, put,
# ls, get, signurl + curl, del, rb); and anonymous reads through a virtual-host name. Prints "ok - ..." or "FAIL - ..." per check; exits 1 if any failed.
#
# Environment: S3_URL (http://HOST:PORT/services/Walrus), WALRUS_ROOT_URL (http://HOST:PORT),
# AWS_ACCESS_KEY, AWS_SECRET_KEY; WALRUS_DOMAIN (default localhost, as cloud-in-a-box sets it).
# Skips (exit 0) when boto 2 or s3cmd is missing, unless CI=true.
set -uo pipefail

: "${S3_URL:?S3_URL is needed (http://HOST:PORT/services/Walrus)}"
: "${WALRUS_ROOT_URL:?WALRUS_ROOT_URL is needed (http://HOST:PORT)}"
: "${AWS_ACCESS_KEY:?AWS_ACCESS_KEY is needed}"
: "${AWS_SECRET_KEY:?AWS_SECRET_KEY is needed}"
WALRUS_DOMAIN=${WALRUS_DOMAIN:-localhost}
NAME=s3-boto2-s3cmd
export S3_URL WALRUS_ROOT_URL AWS_ACCESS_KEY AWS_SECRET_KEY

# Debian's python3 has boto 2; a pyenv or venv python3 first on the PATH may not.
PYTHON=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import boto' 2>/dev/null; then PYTHON=$p; break; fi
done
missing=""
[ -n "$PYTHON" ] || missing="$missing python3-boto"
command -v s3cmd >/dev/null || missing="$missing s3cmd"
command -v curl >/dev/null || missing="$missing curl"
if [ -n "$missing" ]; then
  if [ "${CI:-}" = true ]; then echo "FAIL - $NAME: missing:$missing (apt-get install$missing)"; exit 1; fi
  echo "$NAME: SKIPPED (missing:$missing; apt-get install$missing)"; exit 0
fi

WORK=$(mktemp -d)
passed=0; failed=0
ok() { echo "ok - $*"; passed=$((passed+1)); }
fail() { echo "FAIL - $*"; failed=$((failed+1)); }
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds (its output is shown on failure)
  local what=$1; shift
  if "$@" > "$WORK/out" 2>&1; then ok "$what"; else fail "$what: $(tail -n 3 "$WORK/out")"; fi
}
# status METHOD URL [curl args...]: prints the HTTP status; the body goes to $WORK/body
status() { local m=$1 u=$2; shift 2; curl -s -o "$WORK/body" -w '%{http_code}' -X "$m" "$@" "$u"; }
BUCKET="clients-$$-$RANDOM"
# s3cmd retries a refused connection for 45 s per command: first see that both endpoints answer.
for u in "$S3_URL" "$WALRUS_ROOT_URL"; do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$u/")" = 000 ]; then
    echo "FAIL - $u does not answer"; echo "$NAME: 0 passed, 1 failed"; rm -rf "$WORK"; exit 1
  fi
done

# ---- boto 2: its own requests through S3_URL, and its presigned URLs
cat > "$WORK/boto2.py" <<'PY'
import os, sys, urllib.parse
import boto
from boto.s3.connection import S3Connection, OrdinaryCallingFormat

def connect(url):
    u = urllib.parse.urlsplit(url)
    return S3Connection(os.environ['AWS_ACCESS_KEY'], os.environ['AWS_SECRET_KEY'], is_secure=u.scheme == 'https',
                        host=u.hostname, port=u.port, path=u.path or '/', calling_format=OrdinaryCallingFormat())

def check(what, cond):
    print(('ok - ' if cond else 'FAIL - ') + 'boto 2: ' + what, flush=True)

bucket_name = sys.argv[1]
s3 = connect(os.environ['S3_URL'])
try:
    b = s3.create_bucket(bucket_name)
    check('create_bucket through ' + os.environ['S3_URL'], True)
    b.new_key('dir/hello.txt').set_contents_from_string('hello from boto 2')
    check('put (set_contents_from_string)', True)
    check('get', b.get_key('dir/hello.txt').get_contents_as_string() == b'hello from boto 2')
    check('list', [k.name for k in b.list()] == ['dir/hello.txt'])
    b.new_key('gone.txt').set_contents_from_string('soon gone')
    b.delete_key('gone.txt')
    check('delete_key', b.get_key('gone.txt') is None)
    check('get_all_buckets', bucket_name in [x.name for x in s3.get_all_buckets()])
except Exception as e:  # an S3 error, or no answer at all: one FAIL that says which
    check('requests through S3_URL: %r' % e, False)
    sys.exit(0)
root = connect(os.environ['WALRUS_ROOT_URL'])
for where, c in (('path', s3), ('root', root)):
    print('URL %s-get %s' % (where, c.generate_url(300, 'GET', bucket_name, 'dir/hello.txt')))
    print('URL %s-head %s' % (where, c.generate_url(300, 'HEAD', bucket_name, 'dir/hello.txt')))
    print('URL %s-list %s' % (where, c.generate_url(300, 'GET', bucket_name, '')))
    print('URL %s-put %s' % (where, c.generate_url(300, 'PUT', bucket_name, where + '-put.txt')))
    print('URL %s-delete %s' % (where, c.generate_url(300, 'DELETE', bucket_name, where + '-put.txt')))
    print('URL %s-expired %s' % (where, c.generate_url(-5, 'GET', bucket_name, 'dir/hello.txt')))
PY
"$PYTHON" "$WORK/boto2.py" "$BUCKET" > "$WORK/boto.out" 2>&1
grep -E '^(ok|FAIL) - ' "$WORK/boto.out"
passed=$((passed + $(grep -c '^ok - ' "$WORK/boto.out")))
failed=$((failed + $(grep -c '^FAIL - ' "$WORK/boto.out")))
grep -qE '^(ok|FAIL|URL) ' "$WORK/boto.out" || { fail "boto 2 script: $(tail -n 5 "$WORK/boto.out")"; }
url() { awk -v n="$1" '$1 == "URL" && $2 == n {print $3}' "$WORK/boto.out"; }
if [ -n "$(url path-get)" ]; then
  for where in path root; do
    [ "$(status GET "$(url $where-get)")" = 200 ] && [ "$(cat "$WORK/body")" = "hello from boto 2" ] \
      && ok "boto 2 generate_url GET ($where), fetched by curl" || fail "boto 2 URL GET ($where): $(cat "$WORK/body")"
    [ "$(curl -s -o /dev/null -w '%{http_code}' -I "$(url $where-head)")" = 200 ] \
      && ok "boto 2 generate_url HEAD ($where)" || fail "boto 2 URL HEAD ($where)"
    [ "$(status GET "$(url $where-list)")" = 200 ] && grep -q '<Key>dir/hello.txt</Key>' "$WORK/body" \
      && ok "boto 2 generate_url bucket listing ($where)" || fail "boto 2 URL list ($where): $(cat "$WORK/body")"
    echo "put by URL" > "$WORK/put.txt"
    [ "$(status PUT "$(url $where-put)" -T "$WORK/put.txt")" = 200 ] \
      && ok "boto 2 generate_url PUT ($where), curl -T" || fail "boto 2 URL PUT ($where): $(cat "$WORK/body")"
    [ "$(status DELETE "$(url $where-delete)")" = 204 ] \
      && ok "boto 2 generate_url DELETE ($where)" || fail "boto 2 URL DELETE ($where): $(cat "$WORK/body")"
    [ "$(status DELETE "$(url $where-get)")" = 403 ] && grep -q SignatureDoesNotMatch "$WORK/body" \
      && ok "a GET URL used to DELETE is SignatureDoesNotMatch ($where)" || fail "GET URL as DELETE ($where): $(cat "$WORK/body")"
    [ "$(status GET "$(url $where-expired)")" = 403 ] && grep -q '<Code>AccessDenied</Code>' "$WORK/body" \
      && grep -q 'Request has expired' "$WORK/body" \
      && ok "an expired boto 2 URL is AccessDenied, Request has expired ($where)" \
      || fail "expired URL ($where): $(cat "$WORK/body")"
  done
else
  fail "boto 2 made no presigned URLs: $(tail -n 5 "$WORK/boto.out")"
fi

# ---- euca2ools 3's signing (requestbuilder's S3 auth), by hand: the resource is the path less
# S3_URL's path. What euca-upload-bundle and euca-delete-bundle send: HEAD and PUT the bucket, PUT a
# part with x-amz-acl: aws-exec-read, DELETE it and the bucket.
"$PYTHON" - "$BUCKET-euca" > "$WORK/euca.out" 2>&1 <<'PY'
import base64, email.utils, hashlib, hmac, http.client, os, sys, urllib.parse
endpoint = os.environ['S3_URL'].rstrip('/')
bucket = sys.argv[1]

def send(method, resource, body=None, amz=None):
    headers = {'Date': email.utils.formatdate()}
    headers.update(amz or {})
    canon = ''.join('%s:%s\n' % (k, v) for k, v in sorted((amz or {}).items()))
    to_sign = '\n'.join((method, '', '', headers['Date'], canon + resource))
    sig = base64.b64encode(hmac.new(os.environ['AWS_SECRET_KEY'].encode(), to_sign.encode(), hashlib.sha1).digest())
    headers['Authorization'] = 'AWS %s:%s' % (os.environ['AWS_ACCESS_KEY'], sig.decode())
    # http.client sends what it is given (urllib would add a Content-Type the signature does not cover).
    u = urllib.parse.urlsplit(endpoint + resource)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    c.request(method, u.path, body=body, headers=headers)
    r = c.getresponse()
    out = r.status, r.read()
    c.close()
    return out

def check(what, cond, detail=b''):
    print(('ok - ' if cond else 'FAIL - ') + 'euca2ools 3 signing: ' + what + ('' if cond else ' ' + detail.decode()[:300]))

part = b'bundle part bytes'
key = '/%s/img/disk.img.part.0' % bucket
st, b = send('HEAD', '/' + bucket); check('CheckBucket of a new bucket is 404', st == 404, b)
st, b = send('PUT', '/' + bucket); check('CreateBucket', st == 200, b)
st, b = send('PUT', key, part, {'x-amz-acl': 'aws-exec-read'}); check('PUT a bundle part', st == 200, b)
st, b = send('GET', key); check('GET it back', st == 200 and b == part, b)
st, b = send('DELETE', key); check('DELETE the part (euca-delete-bundle)', st == 204, b)
st, b = send('DELETE', '/' + bucket); check('DELETE the bucket', st == 204, b)
# Signed over a third form of the path: refused.
endpoint = endpoint + '/' + bucket
st, b = send('GET', '/nothing'); check('a signature over another path is SignatureDoesNotMatch',
                                      st == 403 and b'SignatureDoesNotMatch' in b, b)
PY
grep -E '^(ok|FAIL) - ' "$WORK/euca.out"
passed=$((passed + $(grep -c '^ok - ' "$WORK/euca.out")))
failed=$((failed + $(grep -c '^FAIL - ' "$WORK/euca.out")))
grep -qE '^(ok|FAIL) ' "$WORK/euca.out" || fail "euca2ools signing script: $(tail -n 5 "$WORK/euca.out")"

# ---- s3cmd, path style on Walrus's root port (s3cmd cannot put a path in front of the bucket)
ROOT_HOSTPORT=${WALRUS_ROOT_URL#*://}; ROOT_HOSTPORT=${ROOT_HOSTPORT%%/*}
S3_HOSTPATH=${S3_URL#*://}
cat > "$WORK/s3cfg" <<CFG
[default]
access_key = $AWS_ACCESS_KEY
secret_key = $AWS_SECRET_KEY
host_base = $ROOT_HOSTPORT
host_bucket = $ROOT_HOSTPORT
use_https = False
bucket_location = eucalyptus
CFG
S3CMD=(s3cmd --config="$WORK/s3cfg" --no-progress)
SB="$BUCKET-s3cmd"
head -c 300000 /dev/urandom > "$WORK/blob"
check "s3cmd mb" "${S3CMD[@]}" mb "s3://$SB"
check "s3cmd put" "${S3CMD[@]}" put "$WORK/blob" "s3://$SB/dir/blob"
check "s3cmd put --acl-public" "${S3CMD[@]}" put --acl-public "$WORK/blob" "s3://$SB/public"
listed=$("${S3CMD[@]}" ls "s3://$SB/dir/" 2>&1 | awk '{print $4}')
[ "$listed" = "s3://$SB/dir/blob" ] && ok "s3cmd ls" || fail "s3cmd ls: $listed"
"${S3CMD[@]}" get --force "s3://$SB/dir/blob" "$WORK/blob.back" >/dev/null && cmp -s "$WORK/blob" "$WORK/blob.back" \
  && ok "s3cmd get gives the same bytes" || fail "s3cmd get"
signed=$("${S3CMD[@]}" signurl "s3://$SB/dir/blob" +300 2>&1)
curl -s -f -o "$WORK/blob.url" "$signed" && cmp -s "$WORK/blob" "$WORK/blob.url" \
  && ok "s3cmd signurl, fetched by curl" || fail "s3cmd signurl: $signed: $(head -c 300 "$WORK/blob.url")"
# signurl with S3_URL's path as host_base: s3cmd signs /bucket/key, the path's prefix left out.
sed "s|^host_base = .*|host_base = $S3_HOSTPATH|" "$WORK/s3cfg" > "$WORK/s3cfg.path"
signed=$(s3cmd --config="$WORK/s3cfg.path" signurl "s3://$SB/dir/blob" +300 2>&1)
curl -s -f -o "$WORK/blob.url2" "$signed" && cmp -s "$WORK/blob" "$WORK/blob.url2" \
  && ok "s3cmd signurl under /services/Walrus, fetched by curl" || fail "s3cmd signurl (path): $signed"
expired=$("${S3CMD[@]}" signurl "s3://$SB/dir/blob" "$(( $(date +%s) - 5 ))" 2>&1)
[ "$(status GET "$expired")" = 403 ] && grep -q 'Request has expired' "$WORK/body" \
  && ok "an expired s3cmd signurl is refused" || fail "expired signurl: $expired: $(cat "$WORK/body")"
tampered=$(echo "$signed" | sed 's|/dir/blob?|/public?|')
[ "$(status GET "$tampered")" = 403 ] && grep -q SignatureDoesNotMatch "$WORK/body" \
  && ok "a signurl for another key is SignatureDoesNotMatch" || fail "tampered signurl: $(cat "$WORK/body")"
# An anonymous read of the public object by virtual-host name, as path style serves it.
[ "$(status GET "$WALRUS_ROOT_URL/$SB/public")" = 200 ] && cmp -s "$WORK/blob" "$WORK/body" \
  && ok "anonymous path-style GET of a public object" || fail "anonymous path-style GET"
ROOT_PORT=${ROOT_HOSTPORT##*:}
[ "$(status GET "$WALRUS_ROOT_URL/public" -H "Host: $SB.$WALRUS_DOMAIN:$ROOT_PORT")" = 200 ] && cmp -s "$WORK/blob" "$WORK/body" \
  && ok "anonymous GET of a public object at $SB.$WALRUS_DOMAIN" || fail "anonymous virtual-host GET: $(head -c 300 "$WORK/body")"
[ "$(curl -s -o /dev/null -w '%{http_code}' -I -H "Host: $SB.$WALRUS_DOMAIN:$ROOT_PORT" "$WALRUS_ROOT_URL/public")" = 200 ] \
  && ok "anonymous HEAD of a public object at $SB.$WALRUS_DOMAIN" || fail "anonymous virtual-host HEAD"
ROOT_HOST=${ROOT_HOSTPORT%:*}
if [ "$WALRUS_DOMAIN" = localhost ] && { [ "$ROOT_HOST" = 127.0.0.1 ] || [ "$ROOT_HOST" = localhost ]; }; then
  # As a user types it: curl takes every *.localhost name for this machine.
  [ "$(status GET "http://$SB.localhost:$ROOT_PORT/public")" = 200 ] && cmp -s "$WORK/blob" "$WORK/body" \
    && ok "curl http://$SB.localhost:$ROOT_PORT/public" || fail "curl by *.localhost name: $(head -c 300 "$WORK/body")"
fi
[ "$(status GET "$WALRUS_ROOT_URL/dir/blob" -H "Host: $SB.$WALRUS_DOMAIN:$ROOT_PORT")" = 403 ] \
  && ok "a private object stays closed by virtual-host name" || fail "private object by virtual host: $(cat "$WORK/body")"
check "s3cmd del" "${S3CMD[@]}" del "s3://$SB/dir/blob" "s3://$SB/public"
check "s3cmd rb" "${S3CMD[@]}" rb "s3://$SB"

# Leave nothing behind: boto 2 empties and deletes both buckets (whatever a failed check left), then
# lists what is still there.
left=$("$PYTHON" - "$BUCKET" "$SB" 2>&1 <<'PY'
import os, sys, urllib.parse
from boto.s3.connection import S3Connection, OrdinaryCallingFormat
u = urllib.parse.urlsplit(os.environ['S3_URL'])
s3 = S3Connection(os.environ['AWS_ACCESS_KEY'], os.environ['AWS_SECRET_KEY'], is_secure=u.scheme == 'https',
                  host=u.hostname, port=u.port, path=u.path, calling_format=OrdinaryCallingFormat())
for name in sys.argv[1:]:
    b = s3.lookup(name)
    if b is not None:
        for k in b.list():
            k.delete()
        s3.delete_bucket(name)
print(' '.join(b.name for b in s3.get_all_buckets() if b.name in sys.argv[1:]))
PY
)
[ -z "$left" ] && ok "boto 2 delete_bucket: nothing left behind" || fail "left behind: $left"

rm -rf "$WORK"
echo "$NAME: $passed passed, $failed failed"
[ "$failed" = 0 ]
