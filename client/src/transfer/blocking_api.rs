//! The transfer methods of the blocking client: parts on a scoped pool of
//! `max_concurrency` threads, or all on the caller's thread with `use_threads = false`.
//! Each method's contract is the async one's ([`crate::Client::upload_file`]...).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use stratus_core::transfer::{CopySource, ObjectRef, TransferError, TransferPlan};
use stratus_core::Document;

use super::dir::{create_parent, list_keys, targets};
use super::exec::{Common, CopyExec, DownloadExec, UploadExec};
use super::threads::run_threads;
use super::{flows, DownloadOutput, TransferOptions};
use crate::blocking::{block_on, Client};

impl Client {
    /// Uploads the file at `path` (see [`crate::Client::upload_file`]).
    pub fn upload_file(
        &self,
        path: impl AsRef<Path>,
        bucket: &str,
        key: &str,
        options: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        let client = self.inner();
        let (planner, source) = flows::file_upload(client, path.as_ref(), ObjectRef::new(bucket, key), options)?;
        let exec =
            UploadExec::new(Common::new(client, &options.config, options.progress), &source, &options.config, &planner);
        run_threads(planner, options.config.concurrency(), &exec).into_result()
    }

    /// Uploads everything `reader` yields, read in order (see
    /// [`crate::Client::upload_fileobj`]).
    pub fn upload_fileobj<R: Read + Send>(
        &self,
        reader: R,
        bucket: &str,
        key: &str,
        options: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        let client = self.inner();
        let (planner, source) = flows::stream_upload(client, reader, ObjectRef::new(bucket, key), options)?;
        let exec =
            UploadExec::new(Common::new(client, &options.config, options.progress), &source, &options.config, &planner);
        run_threads(planner, options.config.concurrency(), &exec).into_result()
    }

    /// Downloads to `path` through a temporary file (see [`crate::Client::download_file`]).
    pub fn download_file(
        &self,
        bucket: &str,
        key: &str,
        path: impl AsRef<Path>,
        options: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        let (client, target, object) = (self.inner(), path.as_ref(), ObjectRef::new(bucket, key));
        let planner = flows::download_planner(client, object.clone(), options, false)?;
        let (temp, file) = flows::temp_target(client, target, &object)?;
        let sink = flows::file_sink(file, object.clone(), temp.path(), options);
        let plan = {
            let exec = DownloadExec { common: Common::new(client, &options.config, options.progress), target: &sink };
            run_threads(planner, options.config.concurrency(), &exec)
        };
        let (file, output) = flows::finish_download(plan, sink)?;
        flows::persist(temp, file, &object, target)?;
        Ok(output)
    }

    /// Downloads into `writer`, strictly in order (see [`crate::Client::download_fileobj`]).
    pub fn download_fileobj<W: Write + Send>(
        &self,
        bucket: &str,
        key: &str,
        writer: W,
        options: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        let (client, object) = (self.inner(), ObjectRef::new(bucket, key));
        let planner = flows::download_planner(client, object.clone(), options, true)?;
        let sink = flows::sink(writer, object, options);
        let plan = {
            let exec = DownloadExec { common: Common::new(client, &options.config, options.progress), target: &sink };
            run_threads(planner, options.config.concurrency(), &exec)
        };
        Ok(flows::finish_download(plan, sink)?.1)
    }

    /// Copies `source` to `bucket`/`key` (see [`crate::Client::copy`]).
    pub fn copy(
        &self,
        source: &CopySource,
        bucket: &str,
        key: &str,
        options: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        let client = self.inner();
        let planner = flows::copy_planner(source, ObjectRef::new(bucket, key), options)?;
        let exec = CopyExec { common: Common::new(client, &options.config, options.progress) };
        let plan = run_threads(planner, options.config.concurrency(), &exec);
        flows::finish_copy(plan, &exec.common)
    }

    /// Downloads every key under `prefix` into `dir` (see
    /// [`crate::Client::download_to_dir`]).
    pub fn download_to_dir(
        &self,
        bucket: &str,
        prefix: &str,
        dir: impl AsRef<Path>,
        options: &TransferOptions<'_>,
    ) -> Result<Vec<PathBuf>, TransferError> {
        options.config.validate()?;
        let keys = block_on(list_keys(self.inner(), bucket, prefix))?;
        let targets = targets(dir.as_ref(), keys, prefix)?;
        let mut written = Vec::with_capacity(targets.len());
        for (key, path) in targets {
            create_parent(&path, &ObjectRef::new(bucket, &key))?;
            self.download_file(bucket, &key, &path, options)?;
            written.push(path);
        }
        Ok(written)
    }
}
