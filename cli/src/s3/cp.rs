//! `stratus s3 cp SRC DST [--recursive]`: file → object, object → file, object → object,
//! with a progress bar on a terminal. Planning (which file goes to which key) is separate
//! from moving bytes, which [`Transfers`] does (multipart above the threshold).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Parser;
use stratus::transfer::TransferConfig;

use super::location::Location;
use super::progress::{ProgressBar, ProgressMode};
use super::transfer::{transfer_failure, Transfers};
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
    /// A local path, s3://bucket/key, or - for standard input
    source: String,
    /// A local path, s3://bucket/key (a trailing / means "into this folder"), or - for
    /// standard output
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

/// One file or object to copy; the object's size when a listing gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Job {
    Upload(PathBuf, S3Uri),
    Download(S3Uri, PathBuf, Option<u64>),
    Copy(S3Uri, S3Uri, Option<u64>),
    /// Standard input to an object.
    UploadStdin(S3Uri),
    /// An object to standard output.
    DownloadStdout(S3Uri),
}

impl Job {
    /// `upload: ./f to s3://b/f`, as aws-cli prints it.
    fn describe(&self) -> String {
        match self {
            Self::Upload(from, to) => format!("upload: {} to {to}", from.display()),
            Self::Download(from, to, _) => format!("download: {from} to {}", to.display()),
            Self::Copy(from, to, _) => format!("copy: {from} to {to}"),
            Self::UploadStdin(to) => format!("upload: - to {to}"),
            Self::DownloadStdout(from) => format!("download: {from} to -"),
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
    let transfers = Transfers { client: &client, config: TransferConfig::default() };
    for job in &jobs {
        let description = job.describe();
        if args.dryrun {
            write_stdout(&format!("(dryrun) {description}\n"));
            continue;
        }
        // An object written to a terminal would be garbled by a bar drawn on the same one.
        let to_terminal = matches!(job, Job::DownloadStdout(_)) && std::io::stdout().is_terminal();
        let mut bar = ProgressBar::new(description.clone(), None, if to_terminal { ProgressMode::Never } else { mode });
        if bar.is_visible() {
            if let Some(size) = job_size(&transfers, job) {
                bar.set_total(size);
            }
        }
        let result = execute(&transfers, job, &mut bar);
        bar.finish();
        result?;
        // Nothing may follow an object written to stdout.
        if !args.quiet && !matches!(job, Job::DownloadStdout(_)) {
            write_stdout(&format!("{description}\n"));
        }
    }
    Ok(())
}

/// The size of a job's source, for the progress bar: the file's, the listing's, or
/// asked with HeadObject (only when a progress bar is shown).
fn job_size(transfers: &Transfers<'_>, job: &Job) -> Option<u64> {
    match job {
        Job::Upload(file, _) => std::fs::metadata(file).ok().map(|m| m.len()),
        Job::Download(_, _, Some(size)) | Job::Copy(_, _, Some(size)) => Some(*size),
        Job::Download(from, _, None) | Job::Copy(from, _, None) | Job::DownloadStdout(from) => {
            transfers.object_size(from)
        }
        Job::UploadStdin(_) => None,
    }
}

fn execute(transfers: &Transfers<'_>, job: &Job, bar: &mut ProgressBar) -> Result<(), CliError> {
    let result = match job {
        Job::Upload(file, to) => {
            if !file.is_file() {
                return Err(CliError::local(format!("The user-provided path {} does not exist.", file.display())));
            }
            transfers.upload(file, to, bar)
        }
        Job::Download(from, file, _) => {
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| CliError::local(format!("cannot create {}: {e}", parent.display())))?;
            }
            transfers.download(from, file, bar)
        }
        Job::Copy(from, to, _) => transfers.copy(from, to, bar),
        Job::UploadStdin(to) => transfers.upload_stdin(to, bar),
        Job::DownloadStdout(from) => transfers.download_stdout(from, bar),
    };
    result.map_err(|e| transfer_failure(&job.describe(), &e))
}

/// The jobs of one `cp`: one, or one per file/object with `--recursive`.
fn plan(
    client: &stratus::blocking::Client,
    source: &Location,
    destination: &Location,
    recursive: bool,
) -> Result<Vec<Job>, CliError> {
    match (source, destination) {
        (Location::Stdio, Location::S3(to)) if !recursive && !to.is_prefix() => Ok(vec![Job::UploadStdin(to.clone())]),
        (Location::S3(from), Location::Stdio) if !recursive && !from.is_prefix() => {
            Ok(vec![Job::DownloadStdout(from.clone())])
        }
        (Location::Stdio, _) | (_, Location::Stdio) => {
            Err(CliError::usage("s3 cp with - streams one object: s3 cp - s3://bucket/key, or s3 cp s3://bucket/key -"))
        }
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
                jobs.push(job_for(from.with_key(object.key.clone()), Some(object.size), rel, to, true)?);
            }
            Ok(jobs)
        }
        (Location::S3(from), to) => {
            if from.key.is_empty() || from.key.ends_with('/') {
                return Err(CliError::usage(format!("{from} is a prefix: add --recursive to copy what is under it")));
            }
            job_for(from.clone(), None, from.file_name(), to, false).map(|job| vec![job])
        }
    }
}

/// The job copying object `from` (of `size` bytes, whose name below the copied prefix is
/// `rel`) to `to`.
fn job_for(from: S3Uri, size: Option<u64>, rel: &str, to: &Location, recursive: bool) -> Result<Job, CliError> {
    match to {
        Location::S3(to) => {
            let key = if recursive || to.is_prefix() { format!("{}{rel}", folder(&to.key)) } else { to.key.clone() };
            Ok(Job::Copy(from, to.with_key(key), size))
        }
        Location::Local(path) => {
            let into_dir = recursive || path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/');
            let file = if into_dir { safe_relative(path, rel)? } else { path.clone() };
            Ok(Job::Download(from, file, size))
        }
        Location::Stdio => Ok(Job::DownloadStdout(from)),
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

/// `rel` joined under `dir`, refusing keys that would leave it (`..`, backslashes, NUL):
/// the transfer manager's rule, shared with `download_to_dir`.
fn safe_relative(dir: &Path, rel: &str) -> Result<PathBuf, CliError> {
    stratus::transfer::safe_join(dir, rel, "").map_err(|e| CliError::local(format!("refusing to download: {e}")))
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
