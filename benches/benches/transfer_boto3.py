"""boto3's side of benches/benches/transfer.rs: upload_file and download_file (s3transfer,
default TransferConfig) of FILE to and from an S3 server, timed per call.

usage: transfer_boto3.py ENDPOINT BUCKET KEY FILE TARGET RUNS
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints one line per
call: "upload SECONDS" or "download SECONDS", and the boto3 version first.
"""

import sys
import time

import boto3
import botocore


def main():
    endpoint, bucket, key, path, target, runs = sys.argv[1:7]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    print(f"version boto3 {boto3.__version__} botocore {botocore.__version__}", flush=True)
    for _ in range(int(runs)):
        start = time.perf_counter()
        s3.upload_file(path, bucket, key)
        print(f"upload {time.perf_counter() - start:.6f}", flush=True)
        start = time.perf_counter()
        s3.download_file(bucket, key, target)
        print(f"download {time.perf_counter() - start:.6f}", flush=True)


if __name__ == "__main__":
    main()
