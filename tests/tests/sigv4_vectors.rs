//! Runs the AWS SigV4 test suite (vendored from botocore 1.44.5 in `tests/vectors/sigv4`)
//! against `stratus_core::sigv4`.
//!
//! Each case folder (nested ones included, e.g. `normalize-path/get-slash`) holds a raw
//! request (`.req`) and the expected canonical request (`.creq`), string to sign (`.sts`),
//! `Authorization` value (`.authz`) and signed request (`.sreq`). Every expected file is
//! one tally entry, `<case>/<stage>`, so the count of entries is the count of expected
//! files on disk and a known failure names exactly the stage that disagrees.
//!
//! Setup as botocore's own runner (`tests/unit/auth/test_sigv4.py`): credentials
//! AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region `us-east-1`, service
//! `service`, time 2015-08-30T12:36:00Z, generic-service settings. The session token is the
//! `x-amz-security-token` line of the `.creq` (signed: [`SessionTokenMode::Include`]); when
//! only the `.sreq` adds one (`post-sts-token/post-sts-header-after`), it is added after
//! signing ([`SessionTokenMode::Exclude`]). Unlike botocore, no case is skipped: the
//! request line with a space (`normalize-path/get-space`) is parsed here, and repeated
//! query keys (`get-vanilla-query-order-*`) are supported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stratus_core::credentials::Credentials;
use stratus_core::http::{Body, HttpRequest};
use stratus_core::sigv4::{
    sign, SessionTokenMode, SignableBody, SigningKeyCache, SigningOutput, SigningParams, SigningSettings,
};
use stratus_tests::tally::{vectors_dir, Tally};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const SERVICE: &str = "service";
/// The expected-output files of a case, in the order they are checked.
const STAGES: [&str; 4] = ["creq", "sts", "authz", "sreq"];

#[test]
fn sigv4_vectors() {
    let root = vectors_dir().join("sigv4");
    let mut expected_files = Vec::new();
    walk(&root, &mut |p| {
        if p.extension().and_then(|e| e.to_str()).is_some_and(|e| STAGES.contains(&e)) {
            expected_files.push(p.to_path_buf());
        }
    });
    let mut requests = Vec::new();
    walk(&root, &mut |p| {
        if p.extension().is_some_and(|e| e == "req") {
            requests.push(p.to_path_buf());
        }
    });
    requests.sort();
    assert!(!requests.is_empty(), "no .req files under {}", root.display());

    let mut tally = Tally::new("sigv4 vectors", expected_files.len());
    let mut cache = SigningKeyCache::new();
    for req_path in &requests {
        let case = case_id(&root, req_path);
        let signed = run_case(req_path, &mut cache);
        for stage in STAGES {
            let expected_path = req_path.with_extension(stage);
            if !expected_path.exists() {
                continue;
            }
            let id = format!("{case}/{stage}");
            tally.run(&id, || {
                let expected = read(&expected_path)?;
                let (request, output) = signed.as_ref().map_err(Clone::clone)?;
                check_stage(stage, &expected, request, output)
            });
        }
    }
    tally.finish();
}

/// Signs the case's request: the request as parsed and the signing output.
fn run_case(req_path: &Path, cache: &mut SigningKeyCache) -> Result<(HttpRequest, SigningOutput), String> {
    let raw = parse_request(&read(req_path)?)?;
    let request = raw.to_http_request()?;
    let creq = read(&req_path.with_extension("creq")).unwrap_or_default();
    let sreq = read(&req_path.with_extension("sreq")).ok().map(|t| parse_request(&t)).transpose()?;
    let (token, mode) = session_token(&creq, &raw, sreq.as_ref());
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, token);
    let settings = SigningSettings { session_token_mode: mode, ..SigningSettings::default() };
    let params = SigningParams {
        credentials: &credentials,
        region: REGION,
        service: SERVICE,
        time: time::macros::datetime!(2015-08-30 12:36:00 UTC),
        settings: &settings,
    };
    let output = sign(&request, &SignableBody::Bytes(&raw.body), &params, cache).map_err(|e| e.to_string())?;
    Ok((request, output))
}

/// The session token and its placement, as botocore's runner derives them: from the
/// `.creq` (signed), or else from an `X-Amz-Security-Token` the `.sreq` adds (unsigned).
fn session_token(creq: &str, req: &RawRequest, sreq: Option<&RawRequest>) -> (Option<String>, SessionTokenMode) {
    if let Some(token) = creq.lines().find_map(|l| l.strip_prefix("x-amz-security-token:")) {
        return (Some(token.to_owned()), SessionTokenMode::Include);
    }
    let added =
        sreq.and_then(|s| s.header("x-amz-security-token")).filter(|_| req.header("x-amz-security-token").is_none());
    (added.map(str::to_owned), SessionTokenMode::Exclude)
}

fn check_stage(stage: &str, expected: &str, request: &HttpRequest, output: &SigningOutput) -> Result<(), String> {
    match stage {
        "creq" => compare("canonical request", &output.canonical_request, expected),
        "sts" => compare("string to sign", &output.string_to_sign, expected),
        "authz" => {
            let actual = output.instructions.get("authorization").ok_or("no authorization header added")?;
            compare("authorization", actual, expected.trim_end_matches('\n'))
        }
        "sreq" => {
            let mut signed = request.clone();
            output.apply_to(&mut signed);
            let expected = parse_request(expected)?;
            compare("signed request", &RawRequest::from_http_request(&signed)?.describe(), &expected.describe())
        }
        other => Err(format!("unknown stage {other}")),
    }
}

fn compare(what: &str, actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{what} differs\n--- actual\n{actual}\n--- expected\n{expected}"))
    }
}

/// A request as the suite writes it: request line, headers (folded lines unfolded), body.
#[derive(Debug)]
struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Parses the suite's raw HTTP text. The request target is everything between the method
/// and the last word (`HTTP/1.1`), so it may contain spaces; a header line starting with
/// whitespace continues the previous one (obs-fold, replaced by one space).
fn parse_request(text: &str) -> Result<RawRequest, String> {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().ok_or("empty request")?;
    let (method, rest) = request_line.split_once(' ').ok_or("no request target")?;
    let (target, _version) = rest.rsplit_once(' ').ok_or("no HTTP version")?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().ok_or("continuation line before any header")?;
            value.push(' ');
            value.push_str(line.trim());
        } else {
            let (name, value) = line.split_once(':').ok_or_else(|| format!("bad header line {line:?}"))?;
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    Ok(RawRequest { method: method.to_owned(), target: target.to_owned(), headers, body: body.as_bytes().to_vec() })
}

impl RawRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn to_http_request(&self) -> Result<HttpRequest, String> {
        let host = self.header("host").ok_or("no Host header")?;
        let mut request = HttpRequest::new(self.method.clone(), format!("https://{host}{}", self.target));
        for (name, value) in &self.headers {
            request.headers.append(name.clone(), value.clone());
        }
        request.body = if self.body.is_empty() { Body::Empty } else { Body::Bytes(self.body.clone()) };
        Ok(request)
    }

    fn from_http_request(request: &HttpRequest) -> Result<Self, String> {
        let target = request.url.split_once("://").and_then(|(_, r)| r.find('/').map(|i| &r[i..])).ok_or("bad URL")?;
        Ok(Self {
            method: request.method.clone(),
            target: target.to_owned(),
            headers: request.headers.iter().map(|(n, v)| (n.to_owned(), v.trim().to_owned())).collect(),
            body: request.body.bytes().to_vec(),
        })
    }

    /// Method, target, headers grouped by lower-case name (values in order) and body.
    fn describe(&self) -> String {
        let mut grouped: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for (name, value) in &self.headers {
            grouped.entry(name.to_ascii_lowercase()).or_default().push(value);
        }
        let headers: Vec<String> = grouped.iter().map(|(n, v)| format!("{n}: {v:?}")).collect();
        format!("{} {}\n{}\n\n{}", self.method, self.target, headers.join("\n"), String::from_utf8_lossy(&self.body))
    }
}

fn case_id(root: &Path, req_path: &Path) -> String {
    let dir = req_path.parent().unwrap_or(root);
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map(|t| t.replace('\r', "")).map_err(|e| format!("{}: {e}", path.display()))
}

fn walk(dir: &Path, visit: &mut impl FnMut(&Path)) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, visit);
        } else {
            visit(&path);
        }
    }
}
