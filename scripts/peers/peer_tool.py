"""Peer chores done with the reference client (boto3 in build/venv).

Run by scripts/peers/moto.sh and scripts/peers/s3s.sh; not meant to be called by hand.

  peer_tool.py moto-enable-auth URL
      Creates an IAM user with an allow-all inline policy and an access key,
      then turns on moto's signature checking (POST /moto-api/reset-auth, body 0).
      Prints MOTO_ACCESS_KEY_ID=... and MOTO_SECRET_ACCESS_KEY=... lines.

  peer_tool.py moto-disable-auth URL
      Turns moto's signature checking off again (POST /moto-api/reset-auth, body inf).

  peer_tool.py check-auth URL KEY SECRET SERVICE[,SERVICE...]
      For each service, one call signed with the right secret (must succeed)
      and one with a wrong secret (must fail with a signature error).
      Prints one line per call; exits 1 if any outcome is not the expected one.
"""

import json
import os
import sys
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

REGION = "us-east-1"
USER_NAME = "stratus-test"
ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def client(service, url, key, secret):
    config = botocore.config.Config(
        retries={"max_attempts": 1, "mode": "standard"},
        s3={"addressing_style": "path"},
        connect_timeout=5,
        read_timeout=30,
    )
    session = boto3.session.Session(
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        region_name=REGION,
    )
    return session.client(service, endpoint_url=url, config=config)


def moto_reset_auth(url, count):
    """Sets how many more requests moto lets through unchecked: "inf" is off, "0" is on."""
    request = urllib.request.Request(
        url + "/moto-api/reset-auth",
        data=count.encode(),
        method="POST",
        headers={"Content-Type": "text/plain"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def moto_enable_auth(url):
    # Checking off first, so this also works after /moto-api/reset wiped the
    # IAM user while checking was on. With checking off, any key is accepted.
    moto_reset_auth(url, "inf")
    iam = client("iam", url, "AKIAMOTOBOOTSTRAP000", "bootstrap")
    try:
        iam.create_user(UserName=USER_NAME)
    except iam.exceptions.EntityAlreadyExistsException:
        pass
    iam.put_user_policy(
        UserName=USER_NAME,
        PolicyName="allow-all",
        PolicyDocument=json.dumps(ALLOW_ALL),
    )
    key = iam.create_access_key(UserName=USER_NAME)["AccessKey"]
    moto_reset_auth(url, "0")
    print("MOTO_ACCESS_KEY_ID=" + key["AccessKeyId"])
    print("MOTO_SECRET_ACCESS_KEY=" + key["SecretAccessKey"])


# One cheap signed call per service.
CALLS = {
    "s3": lambda c: c.list_buckets(),
    "sts": lambda c: c.get_caller_identity(),
    "ec2": lambda c: c.describe_regions(),
    "ses": lambda c: c.list_identities(),
    "iam": lambda c: c.list_users(),
    "sqs": lambda c: c.list_queues(),
    "dynamodb": lambda c: c.list_tables(),
}

SIGNATURE_ERRORS = {
    "SignatureDoesNotMatch",
    "AuthFailure",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
}


def call(service, url, key, secret):
    """Returns (succeeded, description)."""
    try:
        CALLS[service](client(service, url, key, secret))
        return True, "accepted"
    except botocore.exceptions.ClientError as err:
        error = err.response.get("Error", {})
        code = error.get("Code", "?")
        if code.isdigit():
            # moto answers JSON-protocol services (SQS, DynamoDB) with a query-style
            # XML error, which boto3 cannot parse: take the code from the body.
            found = [c for c in SIGNATURE_ERRORS if c in error.get("Message", "")]
            code = found[0] + " (in an XML body boto3 could not parse)" if found else code
        status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
        return False, "rejected: HTTP %s %s" % (status, code)


def check_auth(url, key, secret, services):
    ok = True
    wrong = "wrong" + secret[5:] if len(secret) > 5 else "wrong-secret"
    for service in services.split(","):
        good, what = call(service, url, key, secret)
        verdict = "ok" if good else "UNEXPECTED"
        print("%-8s right secret: %s [%s]" % (service, what, verdict))
        ok = ok and good
        good, what = call(service, url, key, wrong)
        expected = (not good) and any(c in what for c in SIGNATURE_ERRORS)
        verdict = "ok" if expected else "UNEXPECTED"
        print("%-8s wrong secret: %s [%s]" % (service, what, verdict))
        ok = ok and expected
    return ok


def main(argv):
    # Only what we pass explicitly: no ~/.aws files, no AWS_* variables.
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    if len(argv) == 3 and argv[1] == "moto-enable-auth":
        moto_enable_auth(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "moto-disable-auth":
        moto_reset_auth(argv[2], "inf")
        return 0
    if len(argv) == 6 and argv[1] == "check-auth":
        return 0 if check_auth(*argv[2:]) else 1
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
