#!/usr/bin/python3
"""EC2 as boto 2 (Debian's python3-boto) drives it, signing with Signature V2 as euca2ools does.

Env: EC2_URL (e.g. http://127.0.0.1:8773/services/Eucalyptus), AWS_ACCESS_KEY and AWS_SECRET_KEY
(or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or EC2_ACCESS_KEY/EC2_SECRET_KEY, as the eucarc exports), EMI (an image to run; without it the instance steps are skipped).
Prints `ok - ...` / `FAIL - ...` per step and exits 1 if any step failed.
"""
import os
import sys
import time
from urllib.parse import urlparse

try:
    import boto
    from boto.ec2.connection import EC2Connection
    from boto.ec2.regioninfo import RegionInfo
    from boto.exception import EC2ResponseError
except ImportError:
    if os.environ.get("CI") == "true":
        print("FAIL - boto 2 is missing (apt-get install python3-boto)")
        sys.exit(1)
    print("ec2-boto2: SKIPPED (no boto 2; apt-get install python3-boto)")
    sys.exit(0)

failed = 0


def ok(what):
    print("ok - " + what)


def fail(what):
    global failed
    failed += 1
    print("FAIL - " + what)


def step(what, fn):
    """Runs fn; its truthy result (or no exception when it returns None) is a pass."""
    try:
        result = fn()
        if result is None or result:
            ok(what)
            return result
        fail(what + ": got " + repr(result))
    except Exception as e:  # a client error is a failed step, not a crash
        fail("%s: %s" % (what, e))
    return None


def error_code(fn):
    try:
        fn()
    except EC2ResponseError as e:
        return e.error_code
    return None


def setting(*names):
    """The first of these variables that is set (the eucarc exports EC2_* and AWS_*_ID names)."""
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    print("FAIL - %s is not set (source the eucarc)" % " or ".join(names))
    sys.exit(1)


url = urlparse(setting("EC2_URL"))
access_key = setting("AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "EC2_ACCESS_KEY")
secret_key = setting("AWS_SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "EC2_SECRET_KEY")
region = RegionInfo(name="eucalyptus", endpoint=url.hostname)
ec2 = EC2Connection(access_key, secret_key, region=region,
                    port=url.port or 8773, path=url.path or "/services/Eucalyptus",
                    is_secure=(url.scheme == "https"))

zones = step("describe zones", lambda: [z.name for z in ec2.get_all_zones()])
step("describe images", lambda: ec2.get_all_images() is not None)

emi = os.environ.get("EMI")
if not emi:
    print("ok - run, attributes, tag, terminate # SKIP no EMI given")
else:
    instance = step("run an instance of " + emi,
                    lambda: ec2.run_instances(emi, instance_type="m1.small").instances[0])
    if instance is not None:
        iid = instance.id
        step("the instance id is lower case (%s)" % iid, lambda: iid == iid.lower())

        def running():
            for _ in range(120):
                state = ec2.get_only_instances(instance_ids=[iid])[0].state
                if state == "running":
                    return True
                time.sleep(0.5)
            return False
        step("the instance runs", running)
        step("describe with the id in upper case",
             lambda: [i.id for i in ec2.get_only_instances(instance_ids=[iid.upper()])] == [iid])
        step("instance attribute instanceType",
             lambda: ec2.get_instance_attribute(iid, "instanceType").get("instanceType") == "m1.small")
        step("modify disableApiTermination", lambda: ec2.modify_instance_attribute(iid, "disableApiTermination", True))
        step("a protected instance is not terminated (OperationNotPermitted)",
             lambda: error_code(lambda: ec2.terminate_instances([iid])) == "OperationNotPermitted")
        step("clear disableApiTermination",
             lambda: ec2.modify_instance_attribute(iid, "disableApiTermination", False))
        step("tag the instance", lambda: ec2.create_tags([iid], {"client": "boto2"}))
        step("describe its tags",
             lambda: [(t.name, t.value) for t in ec2.get_all_tags(filters={"resource-id": iid})]
             == [("client", "boto2")])
        step("terminate", lambda: [i.id for i in ec2.terminate_instances([iid])] == [iid])

address = step("allocate an address", lambda: ec2.allocate_address())
if address is not None:
    step("release it (%s)" % address.public_ip, lambda: ec2.release_address(public_ip=address.public_ip))

sys.exit(1 if failed else 0)
