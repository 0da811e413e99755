"""boto3's side of benches/benches/transfer.rs: upload_file and download_file (s3transfer,
default TransferConfig) of files to and from an S3 server, each batch timed.

usage: transfer_boto3.py ENDPOINT BUCKET RUNS SOURCE KEY TARGET [SOURCE KEY TARGET ...]

RUNS times: upload every SOURCE to KEY in order, then download every KEY to TARGET in
order (the arguments the Stratus client processes of transfer.rs take). Credentials come
from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints "version ..." first, then per run
"upload SECONDS", "upload_cpu SECONDS", "download SECONDS", "download_cpu SECONDS" (wall
clock of the batch, and this process's user + system time over it), and at the end
"peak_rss_kib N" (ru_maxrss, KiB on Linux) and "cpu_secs SECONDS" (user + system time of
the whole process).
"""

import resource
import sys
import time

import boto3
import botocore


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(name, action, files):
    """Runs action(source, key, target) for every file, then prints the two timing lines."""
    cpu, start = cpu_seconds(), time.perf_counter()
    for source, key, target in files:
        action(source, key, target)
    print(f"{name} {time.perf_counter() - start:.6f}", flush=True)
    print(f"{name}_cpu {cpu_seconds() - cpu:.6f}", flush=True)


def main():
    args = sys.argv[1:]
    if len(args) < 6 or (len(args) - 3) % 3 or not args[2].isdigit():
        sys.exit(__doc__)
    endpoint, bucket, runs = args[0], args[1], int(args[2])
    files = [tuple(args[i : i + 3]) for i in range(3, len(args), 3)]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    print(f"version boto3 {boto3.__version__} botocore {botocore.__version__}", flush=True)
    for _ in range(runs):
        timed("upload", lambda source, key, _: s3.upload_file(source, bucket, key), files)
        timed("download", lambda _, key, target: s3.download_file(bucket, key, target), files)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"peak_rss_kib {usage.ru_maxrss}", flush=True)
    print(f"cpu_secs {usage.ru_utime + usage.ru_stime:.6f}", flush=True)


if __name__ == "__main__":
    main()
