//! Tests of `s3 cp` planning (no network: only local sources and naming rules).

use std::collections::HashMap;

use super::*;

fn offline_client() -> stratus::blocking::Client {
    let session = stratus::Session::builder()
        .region_name("us-east-1")
        .credentials("AKID", "secret", None)
        .environment(HashMap::new())
        .config_files(None, None)
        .build();
    match session.and_then(|s| s.blocking_client("s3", &stratus::ClientOptions::default())) {
        Ok(client) => client,
        Err(e) => panic!("offline client: {e}"),
    }
}

fn uri(text: &str) -> S3Uri {
    S3Uri::parse(text).unwrap_or_else(|| panic!("{text} is an s3 path"))
}

#[test]
fn uploads_to_a_folder_keep_the_file_name() -> Result<(), CliError> {
    let client = offline_client();
    let jobs = plan(&client, &Location::parse("data/big.bin")?, &Location::parse("s3://b/in/")?, false)?;
    assert_eq!(jobs, vec![Job::Upload(PathBuf::from("data/big.bin"), uri("s3://b/in/big.bin"))]);
    let jobs = plan(&client, &Location::parse("big.bin")?, &Location::parse("s3://b/renamed")?, false)?;
    assert_eq!(jobs, vec![Job::Upload(PathBuf::from("big.bin"), uri("s3://b/renamed"))]);
    Ok(())
}

#[test]
fn recursive_uploads_walk_the_directory() -> Result<(), CliError> {
    let dir = std::env::temp_dir().join(format!("stratus-cp-plan-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).map_err(|e| CliError::local(e.to_string()))?;
    std::fs::write(dir.join("a.txt"), b"a").map_err(|e| CliError::local(e.to_string()))?;
    std::fs::write(dir.join("sub/b.txt"), b"b").map_err(|e| CliError::local(e.to_string()))?;
    let jobs = plan(&offline_client(), &Location::Local(dir.clone()), &Location::parse("s3://b/p")?, true);
    let _ = std::fs::remove_dir_all(&dir);
    let keys: Vec<String> = jobs?
        .into_iter()
        .filter_map(|job| match job {
            Job::Upload(_, to) => Some(to.key),
            _ => None,
        })
        .collect();
    assert_eq!(keys, vec!["p/a.txt", "p/sub/b.txt"]);
    Ok(())
}

#[test]
fn downloads_and_copies_name_their_targets() -> Result<(), CliError> {
    let from = uri("s3://b/dir/f.bin");
    assert_eq!(
        job_for(from.clone(), None, "f.bin", &Location::parse("out/")?, false)?,
        Job::Download(from.clone(), PathBuf::from("out/f.bin"), None)
    );
    assert_eq!(
        job_for(from.clone(), Some(3), "f.bin", &Location::parse("copy.bin")?, false)?,
        Job::Download(from.clone(), PathBuf::from("copy.bin"), Some(3))
    );
    let copy = job_for(from.clone(), None, "f.bin", &Location::parse("s3://c/")?, false)?;
    assert_eq!(copy, Job::Copy(from.clone(), uri("s3://c/f.bin"), None));
    let copy = job_for(from.clone(), None, "x/f.bin", &Location::parse("s3://c/p")?, true)?;
    assert_eq!(copy, Job::Copy(from, uri("s3://c/p/x/f.bin"), None));
    Ok(())
}

#[test]
fn keys_cannot_escape_the_destination() {
    let dir = Path::new("out");
    assert_eq!(safe_relative(dir, "a/b.txt").ok(), Some(dir.join("a/b.txt")));
    assert!(safe_relative(dir, "../etc/passwd").is_err());
    assert_eq!(safe_relative(dir, "/etc/passwd").ok(), Some(dir.join("etc/passwd")), "stays inside");
}

#[test]
fn local_to_local_and_bare_prefixes_are_usage_errors() -> Result<(), CliError> {
    let client = offline_client();
    assert!(matches!(plan(&client, &Location::parse("a")?, &Location::parse("b")?, false), Err(CliError::Usage(_))));
    assert!(matches!(
        plan(&client, &Location::parse("s3://b/dir/")?, &Location::parse("x")?, false),
        Err(CliError::Usage(_))
    ));
    Ok(())
}

#[test]
fn jobs_are_described_as_aws_cli_does() {
    let job = Job::Upload(PathBuf::from("./f"), uri("s3://b/f"));
    assert_eq!(job.describe(), "upload: ./f to s3://b/f");
}

#[test]
fn dash_streams_one_object() -> Result<(), CliError> {
    let client = offline_client();
    let up = plan(&client, &Location::parse("-")?, &Location::parse("s3://b/k")?, false)?;
    assert_eq!(up, vec![Job::UploadStdin(uri("s3://b/k"))]);
    let down = plan(&client, &Location::parse("s3://b/k")?, &Location::parse("-")?, false)?;
    assert_eq!(down, vec![Job::DownloadStdout(uri("s3://b/k"))]);
    for (from, to, recursive) in [("-", "s3://b/", false), ("s3://b/k", "-", true), ("-", "-", false)] {
        let result = plan(&client, &Location::parse(from)?, &Location::parse(to)?, recursive);
        assert!(matches!(result, Err(CliError::Usage(_))), "{from} {to} {recursive}");
    }
    Ok(())
}
