//! The high-level S3 commands against moto: `cp` both ways (and S3 to S3) with a file
//! over the 8 MiB multipart threshold, compared by SHA-256; `mb`, `ls`, `rm`, `rb`,
//! `presign`. moto does not check presigned URL expiry.

mod common;

use std::io::{Read, Write};

use common::{pseudo_random, s, scratch_dir, sha256_file, stratus, stratus_piped, unique};

/// 12 MiB: over the default multipart threshold (8 MiB).
const BIG: usize = 12 * 1024 * 1024;

#[test]
fn cp_both_ways_over_the_multipart_threshold_keeps_the_bytes() {
    let bucket = unique("cp");
    let dir = scratch_dir("cp");
    let original = dir.join("big.bin");
    std::fs::write(&original, pseudo_random(BIG, 42)).unwrap_or_else(|e| panic!("{e}"));
    let want = sha256_file(&original);
    assert_eq!(stratus(&["s3", "mb", &format!("s3://{bucket}")]).ok(), format!("make_bucket: {bucket}\n"));

    let up = stratus(&["s3", "cp", s(&original), &format!("s3://{bucket}/data/"), "--progress"]);
    assert_eq!(up.ok(), format!("upload: {} to s3://{bucket}/data/big.bin\n", s(&original)));
    assert!(up.stderr.contains("12.0 MiB/12.0 MiB") && up.stderr.contains("/s  ETA"), "progress: {}", up.stderr);

    // Multipart: S3 gives a multipart object an ETag ending in -<number of parts>.
    let etag = stratus(&["s3", "head-object", "--bucket", &bucket, "--key", "data/big.bin", "--query", "ETag"]).json();
    assert!(etag.as_str().is_some_and(|e| e.ends_with("-2\"")), "not a 2-part multipart upload: {etag}");

    let listed = stratus(&["s3", "ls", &format!("s3://{bucket}/data/")]);
    assert!(listed.ok().contains(&format!("{BIG:>10} big.bin")), "{}", listed.stdout);

    let down = dir.join("down.bin");
    let run = stratus(&["s3", "cp", &format!("s3://{bucket}/data/big.bin"), s(&down)]);
    assert_eq!(run.ok(), format!("download: s3://{bucket}/data/big.bin to {}\n", s(&down)));
    assert!(run.stderr.is_empty(), "no progress bar when stderr is not a terminal: {}", run.stderr);
    assert_eq!(sha256_file(&down), want, "downloaded bytes differ");

    stratus(&["s3", "cp", &format!("s3://{bucket}/data/big.bin"), &format!("s3://{bucket}/copy/big.bin")]).ok();
    let copied = dir.join("copied.bin");
    stratus(&["s3", "cp", &format!("s3://{bucket}/copy/big.bin"), s(&copied), "--quiet"]).ok();
    assert_eq!(sha256_file(&copied), want, "copied object differs");

    stratus(&["s3", "rb", &format!("s3://{bucket}"), "--force"]).ok();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cp_streams_stdin_to_an_object_and_an_object_to_stdout() {
    let bucket = unique("stdio");
    stratus(&["s3", "mb", &format!("s3://{bucket}")]).ok();
    let data = pseudo_random(BIG, 7);
    let target = format!("s3://{bucket}/from-stdin.bin");
    let (code, out) = stratus_piped(&["s3", "cp", "-", &target], &data);
    assert_eq!((code, String::from_utf8_lossy(&out).into_owned()), (0, format!("upload: - to {target}\n")));
    let (code, back) = stratus_piped(&["s3", "cp", &target, "-"], b"");
    assert_eq!(code, 0);
    assert!(back == data, "stdout differs from what was uploaded ({} bytes vs {})", back.len(), data.len());
    stratus(&["s3", "rb", &format!("s3://{bucket}"), "--force"]).ok();
}

#[test]
fn cp_failures_name_the_transfer_and_exit_1() {
    let bucket = unique("cpfail");
    stratus(&["s3", "mb", &format!("s3://{bucket}")]).ok();
    let missing = stratus(&["s3", "cp", "/nonexistent/stratus-file", &format!("s3://{bucket}/x")]);
    assert_eq!(missing.code, 1, "{missing:?}");
    assert!(missing.stderr.contains("/nonexistent/stratus-file does not exist"), "{}", missing.stderr);
    let dir = scratch_dir("cpfail");
    let absent = stratus(&["s3", "cp", &format!("s3://{bucket}/absent"), s(&dir.join("absent"))]);
    assert_eq!(absent.code, 1, "{absent:?}");
    assert!(absent.stderr.starts_with(&format!("download failed: s3://{bucket}/absent to ")), "{}", absent.stderr);
    assert!(
        absent.stderr.contains("An error occurred (404) when calling the HeadObject operation"),
        "{}",
        absent.stderr
    );
    assert!(!dir.join("absent").exists(), "a failed download must leave no file");
    stratus(&["s3", "rb", &format!("s3://{bucket}")]).ok();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn recursive_cp_ls_rm_and_rb() {
    let bucket = unique("tree");
    let dir = scratch_dir("tree");
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(tree.join("a.txt"), b"alpha").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(tree.join("sub/b.txt"), b"beta").unwrap_or_else(|e| panic!("{e}"));
    stratus(&["s3", "mb", &format!("s3://{bucket}")]).ok();
    let up = stratus(&["s3", "cp", s(&tree), &format!("s3://{bucket}/t"), "--recursive"]);
    assert_eq!(up.ok().lines().count(), 2, "{}", up.stdout);

    let top = stratus(&["s3", "ls", &format!("s3://{bucket}/t/")]);
    let lines: Vec<&str> = top.ok().lines().collect();
    assert_eq!(lines.len(), 2, "{}", top.stdout);
    assert!(lines[0].ends_with(" PRE sub/") && lines[1].ends_with("          5 a.txt"), "{lines:?}");
    let all = stratus(&["s3", "ls", &format!("s3://{bucket}"), "--recursive", "--summarize"]);
    assert!(all.ok().contains("t/sub/b.txt") && all.stdout.contains("Total Objects: 2"), "{}", all.stdout);
    let buckets = stratus(&["s3", "ls"]);
    assert!(buckets.ok().lines().any(|l| l.ends_with(&format!(" {bucket}"))), "{}", buckets.stdout);

    let back = dir.join("back");
    stratus(&["s3", "cp", &format!("s3://{bucket}/t/"), s(&back), "--recursive"]).ok();
    assert_eq!(std::fs::read(back.join("sub/b.txt")).unwrap_or_default(), b"beta");

    let rm = stratus(&["s3", "rm", &format!("s3://{bucket}/t/"), "--recursive"]);
    assert_eq!(rm.ok().lines().filter(|l| l.starts_with("delete: ")).count(), 2, "{}", rm.stdout);
    assert_eq!(stratus(&["s3", "ls", &format!("s3://{bucket}"), "--recursive"]).ok(), "");
    assert_eq!(stratus(&["s3", "rb", &format!("s3://{bucket}")]).ok(), format!("remove_bucket: {bucket}\n"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn presigned_urls_fetch_the_object() {
    let bucket = unique("presign");
    let dir = scratch_dir("presign");
    let file = dir.join("hello.txt");
    std::fs::write(&file, b"presigned hello").unwrap_or_else(|e| panic!("{e}"));
    stratus(&["s3", "mb", &format!("s3://{bucket}")]).ok();
    stratus(&["s3", "cp", s(&file), &format!("s3://{bucket}/hello.txt")]).ok();
    let url =
        stratus(&["s3", "presign", &format!("s3://{bucket}/hello.txt"), "--expires-in", "300"]).ok().trim().to_owned();
    assert!(url.contains("X-Amz-Expires=300") && url.contains("X-Amz-Signature="), "{url}");
    assert_eq!(http_get(&url), b"presigned hello");
    let too_long = stratus(&["s3", "presign", &format!("s3://{bucket}/hello.txt"), "--expires-in", "604801"]);
    assert_eq!(too_long.code, 2, "{too_long:?}");
    stratus(&["s3", "rb", &format!("s3://{bucket}"), "--force"]).ok();
    let _ = std::fs::remove_dir_all(dir);
}

/// The body of a plain HTTP/1.0 GET of `url` (http://host:port/path only).
fn http_get(url: &str) -> Vec<u8> {
    let rest = url.strip_prefix("http://").unwrap_or_else(|| panic!("not an http URL: {url}"));
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = std::net::TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
    write!(stream, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap_or_else(|e| panic!("{e}"));
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap_or_else(|e| panic!("{e}"));
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no HTTP header end"));
    let head = String::from_utf8_lossy(&response[..split]);
    assert!(head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"), "{head}");
    response[split + 4..].to_vec()
}
