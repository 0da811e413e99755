//! The transfer methods of the async [`Client`]: up to `max_concurrency` calls in flight on
//! the caller's task.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use stratus_core::transfer::{CopySource, ObjectRef, TransferError, TransferPlan};
use stratus_core::transport::Transport;
use stratus_core::Document;

use super::dir::{create_parent, list_keys, targets};
use super::engine::run_async;
use super::exec::{Common, CopyExec, DownloadExec, UploadExec};
use super::{flows, DownloadOutput, TransferOptions};
use crate::Client;

impl<T: Transport> Client<T> {
    /// Uploads the file at `path` to `bucket`/`key` (boto3's `upload_file`): one `PutObject`
    /// below `multipart_threshold`, else a multipart upload, aborted if anything fails.
    /// Returns the `PutObject` or `CompleteMultipartUpload` output.
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        bucket: &str,
        key: &str,
        options: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        let (planner, source) = flows::file_upload(self, path.as_ref(), ObjectRef::new(bucket, key), options)?;
        let exec =
            UploadExec::new(Common::new(self, &options.config, options.progress), &source, &options.config, &planner);
        run_async(planner, &exec).await.into_result()
    }

    /// Uploads everything `reader` yields (boto3's `upload_fileobj`), reading it in order
    /// one part at a time: streams of unknown length need at most `max_concurrency` parts
    /// of memory.
    pub async fn upload_fileobj<R: Read + Send>(
        &self,
        reader: R,
        bucket: &str,
        key: &str,
        options: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        let (planner, source) = flows::stream_upload(self, reader, ObjectRef::new(bucket, key), options)?;
        let exec =
            UploadExec::new(Common::new(self, &options.config, options.progress), &source, &options.config, &planner);
        run_async(planner, &exec).await.into_result()
    }

    /// Downloads `bucket`/`key` to `path` (boto3's `download_file`) through a temporary
    /// file beside it, renamed once complete and verified; on failure nothing is left.
    pub async fn download_file(
        &self,
        bucket: &str,
        key: &str,
        path: impl AsRef<Path>,
        options: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        let (target, object) = (path.as_ref(), ObjectRef::new(bucket, key));
        let planner = flows::download_planner(self, object.clone(), options, false)?;
        let (temp, file) = flows::temp_target(self, target, &object)?;
        let sink = flows::file_sink(file, object.clone(), temp.path(), options);
        let plan = {
            let exec = DownloadExec { common: Common::new(self, &options.config, options.progress), target: &sink };
            run_async(planner, &exec).await
        };
        let (file, output) = flows::finish_download(plan, sink)?;
        flows::persist(temp, file, &object, target)?;
        Ok(output)
    }

    /// Downloads `bucket`/`key` into `writer` (boto3's `download_fileobj`), writing
    /// strictly in order (non-seekable writers work). On failure the writer may hold a
    /// prefix of the object.
    pub async fn download_fileobj<W: Write + Send>(
        &self,
        bucket: &str,
        key: &str,
        writer: W,
        options: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        let object = ObjectRef::new(bucket, key);
        let planner = flows::download_planner(self, object.clone(), options, true)?;
        let sink = flows::sink(writer, object, options);
        let plan = {
            let exec = DownloadExec { common: Common::new(self, &options.config, options.progress), target: &sink };
            run_async(planner, &exec).await
        };
        Ok(flows::finish_download(plan, sink)?.1)
    }

    /// Copies `source` to `bucket`/`key` (boto3's `copy`): `CopyObject` below the
    /// threshold, else a multipart copy of `UploadPartCopy` ranges, aborted on failure.
    pub async fn copy(
        &self,
        source: &CopySource,
        bucket: &str,
        key: &str,
        options: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        let planner = flows::copy_planner(source, ObjectRef::new(bucket, key), options)?;
        let exec = CopyExec { common: Common::new(self, &options.config, options.progress) };
        let plan = run_async(planner, &exec).await;
        flows::finish_copy(plan, &exec.common)
    }

    /// Downloads every key under `prefix` into `dir` (the prefix removed, folders created),
    /// one object after another; returns the files written. A key that would leave `dir`
    /// (see [`super::safe_join`]) fails the whole call before anything is downloaded.
    pub async fn download_to_dir(
        &self,
        bucket: &str,
        prefix: &str,
        dir: impl AsRef<Path>,
        options: &TransferOptions<'_>,
    ) -> Result<Vec<PathBuf>, TransferError> {
        options.config.validate()?;
        let targets = targets(dir.as_ref(), list_keys(self, bucket, prefix).await?, prefix)?;
        let mut written = Vec::with_capacity(targets.len());
        for (key, path) in targets {
            create_parent(&path, &ObjectRef::new(bucket, &key))?;
            self.download_file(bucket, &key, &path, options).await?;
            written.push(path);
        }
        Ok(written)
    }
}
