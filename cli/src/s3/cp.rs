//! `stratus s3 cp SRC DST [--recursive]`: file → object, object → file, object → object,
//! with a progress bar on a terminal. Planning (which file goes to which key) is separate
//! from moving bytes, which [`Transfers`] does.

use std::path::{Component, Path, PathBuf};

use clap::Parser;

use super::location::Location;
use super::progress::{ProgressBar, ProgressMode};
use super::transfer::{SimpleTransfers, Transfers};
use super::{all_objects, parse_args, S3Uri};
use crate::context::Context;
use crate::errors::CliError;
use crate::output::write_stdout;

/// `s3 cp` options.
#[derive(Debug, Parser)]
#[command(
    name = "stratus s3 cp",
    no_binary_name = true,
    about = "Copy a file to S3, an object to a file, or an object to another object."
)]
struct CpArgs {
    /// A local path or s3://bucket/key
    source: String,
    /// A local path or s3://bucket/key (a trailing / means "into this folder")
    destination: String,
    /// Copy every file under a directory, or every object under a prefix.
    #[arg(long)]
    recursive: bool,
    /// Show the progress bar even when stderr is not a terminal.
    #[arg(long, conflicts_with = "no_progress")]
    progress: bool,
    /// Never show the progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Print what would be copied without copying it.
    #[arg(long)]
    dryrun: bool,
}

/// One file or object to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Job {
    Upload(PathBuf, S3Uri),
    Download(S3Uri, PathBuf),
    Copy(S3Uri, S3Uri),
}

impl Job {
    /// `upload: ./f to s3://b/f`, as aws-cli prints it.
    fn describe(&self) -> String {
        match self {
            Self::Upload(from, to) => format!("upload: {} to {to}", from.display()),
            Self::Download(from, to) => format!("download: {from} to {}", to.display()),
            Self::Copy(from, to) => format!("copy: {from} to {to}"),
        }
    }
}

/// Runs `s3 cp`.
pub fn run(ctx: &Context, words: &[String]) -> Result<(), CliError> {
    let Some(args) = parse_args::<CpArgs>(words)? else { return Ok(()) };
    let source = Location::parse(&args.source)?;
    let destination = Location::parse(&args.destination)?;
    let client = ctx.client("s3")?;
    let jobs = plan(&client, &source, &destination, args.recursive)?;
    let mode = match (args.progress, args.no_progress || args.quiet) {
        (true, _) => ProgressMode::Always,
        (false, true) => ProgressMode::Never,
        (false, false) => ProgressMode::Auto,
    };
    let transfers = SimpleTransfers { client: &client };
    for job in &jobs {
        let description = job.describe();
        if args.dryrun {
            write_stdout(&format!("(dryrun) {description}\n"));
            continue;
        }
        let mut bar = ProgressBar::new(description.clone(), job_size(job), mode);
        let result = execute(&transfers, job, &mut bar);
        bar.finish();
        result?;
        if !args.quiet {
            write_stdout(&format!("{description}\n"));
        }
    }
    Ok(())
}

/// The size of a job's source when known before it starts.
fn job_size(job: &Job) -> Option<u64> {
    match job {
        Job::Upload(file, _) => std::fs::metadata(file).ok().map(|m| m.len()),
        _ => None,
    }
}

fn execute(transfers: &dyn Transfers, job: &Job, bar: &mut ProgressBar) -> Result<(), CliError> {
    match job {
        Job::Upload(file, to) => transfers.upload(file, to, bar),
        Job::Download(from, file) => {
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| CliError::local(format!("cannot create {}: {e}", parent.display())))?;
            }
            transfers.download(from, file, bar)
        }
        Job::Copy(from, to) => transfers.copy(from, to, bar),
    }
}

/// The jobs of one `cp`: one, or one per file/object with `--recursive`.
fn plan(client: &stratus::blocking::Client, source: &Location, destination: &Location, recursive: bool) -> Result<Vec<Job>, CliError> {
    match (source, destination) {
        (Location::Local(_), Location::Local(_)) => {
            Err(CliError::usage("s3 cp needs at least one s3:// path (use cp for local copies)"))
        }
        (Location::Local(dir), Location::S3(to)) if recursive => {
            let prefix = folder(&to.key);
            let files = walk(dir)?;
            Ok(files.into_iter().map(|(path, rel)| Job::Upload(path, to.with_key(format!("{prefix}{rel}")))).collect())
        }
        (Location::Local(file), Location::S3(to)) => {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let key = if to.is_prefix() { format!("{}{name}", to.key) } else { to.key.clone() };
            Ok(vec![Job::Upload(file.clone(), to.with_key(key))])
        }
        (Location::S3(from), to) if recursive => {
            let prefix = folder(&from.key);
            let mut jobs = Vec::new();
            for object in all_objects(client, &from.bucket, &prefix)? {
                let rel = &object.key[prefix.len()..];
                if rel.is_empty() || rel.ends_with('/') {
                    continue;
                }
                jobs.push(job_for(from.with_key(object.key.clone()), rel, to, true)?);
            }
            Ok(jobs)
        }
        (Location::S3(from), to) => {
            if from.key.is_empty() || from.key.ends_with('/') {
                return Err(CliError::usage(format!("{from} is a prefix: add --recursive to copy what is under it")));
            }
            job_for(from.clone(), from.file_name(), to, false).map(|job| vec![job])
        }
    }
}

/// The job copying object `from` (whose name below the copied prefix is `rel`) to `to`.
fn job_for(from: S3Uri, rel: &str, to: &Location, recursive: bool) -> Result<Job, CliError> {
    match to {
        Location::S3(to) => {
            let key = if recursive || to.is_prefix() { format!("{}{rel}", folder(&to.key)) } else { to.key.clone() };
            Ok(Job::Copy(from, to.with_key(key)))
        }
        Location::Local(path) => {
            let into_dir = recursive || path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/');
            let file = if into_dir { path.join(safe_relative(rel)?) } else { path.clone() };
            Ok(Job::Download(from, file))
        }
    }
}

/// A key prefix used as a folder: empty, or ending with `/`.
fn folder(key: &str) -> String {
    if key.is_empty() || key.ends_with('/') {
        key.to_owned()
    } else {
        format!("{key}/")
    }
}

/// `rel` (an object key below a prefix) as a relative path; refuses keys that would
/// leave the destination directory (`..`, absolute paths).
fn safe_relative(rel: &str) -> Result<PathBuf, CliError> {
    let path = Path::new(rel);
    if path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        Ok(path.to_path_buf())
    } else {
        Err(CliError::local(format!("refusing to download key '{rel}': it would be written outside the destination")))
    }
}

/// Every file under `dir`, with its path relative to `dir` using `/`, sorted.
fn walk(dir: &Path) -> Result<Vec<(PathBuf, String)>, CliError> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .map_err(|e| CliError::local(format!("cannot read directory {}: {e}", current.display())))?;
        for entry in entries {
            let path = entry.map_err(|e| CliError::local(format!("cannot read {}: {e}", current.display())))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                files.push((path.clone(), rel));
            }
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(files)
}

#[cfg(test)]
#[path = "cp_tests.rs"]
mod tests;
