//! The setup and finish of each transfer, shared by the async and blocking methods (which
//! differ only in the runner: tasks or threads).

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use stratus_core::transfer::{
    AbortOutcome, CopyPlanner, CopyRequest, CopySource, DownloadPlanner, DownloadRequest, ObjectRef, TransferError,
    TransferPlan, UploadPlanner, UploadRequest,
};
use stratus_core::transport::Transport;
use stratus_core::Document;

use super::exec::Common;
use super::file_sink::FileSink;
use super::sink::{Sink, SinkOptions, TempTarget};
use super::source::{probe, FileSource, StreamSource};
use super::target::DownloadTarget;
use super::{DownloadOutput, TransferOptions};
use crate::Client;

/// A local I/O failure of a transfer of `object`.
pub(crate) fn io_error(object: &ObjectRef, path: Option<&Path>, source: io::Error) -> TransferError {
    let path = path.map(|p| p.display().to_string());
    TransferError::Io { object: object.clone(), path, source, abort: AbortOutcome::NotNeeded }
}

fn upload_planner<T: Transport>(
    client: &Client<T>,
    object: ObjectRef,
    size: Option<u64>,
    options: &TransferOptions<'_>,
) -> Result<UploadPlanner, TransferError> {
    UploadPlanner::new(UploadRequest {
        object,
        size,
        extra_args: &options.extra_args,
        config: &options.config,
        checksum_calculation: client.core().spec().request_checksum_calculation,
    })
}

/// Plans the upload of the file at `path`.
pub(crate) fn file_upload<T: Transport>(
    client: &Client<T>,
    path: &Path,
    object: ObjectRef,
    options: &TransferOptions<'_>,
) -> Result<(UploadPlanner, FileSource), TransferError> {
    options.config.validate()?;
    let size = std::fs::metadata(path).map_err(|e| io_error(&object, Some(path), e))?.len();
    Ok((upload_planner(client, object, Some(size), options)?, FileSource::new(path)))
}

/// Plans the upload of `reader`: reads up to the threshold to choose one `PutObject` or a
/// multipart upload of unknown length.
pub(crate) fn stream_upload<T: Transport, R: Read + Send>(
    client: &Client<T>,
    mut reader: R,
    object: ObjectRef,
    options: &TransferOptions<'_>,
) -> Result<(UploadPlanner, StreamSource<R>), TransferError> {
    options.config.validate()?;
    let (prefix, ended) =
        probe(&mut reader, options.config.multipart_threshold).map_err(|e| io_error(&object, None, e))?;
    let size = ended.then_some(prefix.len() as u64);
    Ok((upload_planner(client, object, size, options)?, StreamSource::new(reader, prefix, ended)))
}

/// Plans the download of `object`; `buffers_parts` when the target holds parts in memory
/// until their turn (a writer), not for a file written at offsets.
pub(crate) fn download_planner<T: Transport>(
    client: &Client<T>,
    object: ObjectRef,
    options: &TransferOptions<'_>,
    buffers_parts: bool,
) -> Result<DownloadPlanner, TransferError> {
    DownloadPlanner::new(DownloadRequest {
        object,
        extra_args: &options.extra_args,
        config: &options.config,
        checksum_validation: client.core().spec().response_checksum_validation,
        buffers_parts,
    })
}

/// Creates the temporary file beside `target`.
pub(crate) fn temp_target<T: Transport>(
    client: &Client<T>,
    target: &Path,
    object: &ObjectRef,
) -> Result<(TempTarget, File), TransferError> {
    let mut random = [0u8; 4];
    client.transport().fill_random(&mut random);
    TempTarget::create(target, random).map_err(|e| io_error(object, Some(target), e))
}

fn sink_options<'a>(object: ObjectRef, path: Option<&Path>, options: &TransferOptions<'a>) -> SinkOptions<'a> {
    let path = path.map(|p| p.display().to_string());
    SinkOptions { object, path, io_chunksize: options.config.io_chunksize, progress: options.progress }
}

/// The in-order sink of a download into `writer`.
pub(crate) fn sink<'a, W: Write + Send>(writer: W, object: ObjectRef, options: &TransferOptions<'a>) -> Sink<'a, W> {
    Sink::new(writer, sink_options(object, None, options))
}

/// The positional sink of a download into the temporary `file` at `path`.
pub(crate) fn file_sink<'a>(file: File, object: ObjectRef, path: &Path, options: &TransferOptions<'a>) -> FileSink<'a> {
    FileSink::new(file, sink_options(object, Some(path), options))
}

/// The plan's result, then the target's checks (flush, whole-object checksum).
pub(crate) fn finish_download<D: DownloadTarget>(
    plan: DownloadPlanner,
    target: D,
) -> Result<(D::Output, DownloadOutput), TransferError> {
    let summary = plan.into_result()?;
    let (output, verified_whole) = target.finish()?;
    let verified_checksum = verified_whole.or(summary.verified);
    let result = DownloadOutput { size: summary.size, etag: summary.etag, verified_checksum, head: summary.head };
    Ok((output, result))
}

/// Closes the finished temporary file and renames it onto the target.
pub(crate) fn persist(temp: TempTarget, file: File, object: &ObjectRef, target: &Path) -> Result<(), TransferError> {
    {
        let _closed_before_the_rename = file;
    }
    temp.persist().map_err(|e| io_error(object, Some(target), e))
}

/// Plans a copy of `source` to `object`.
pub(crate) fn copy_planner(
    source: &CopySource,
    object: ObjectRef,
    options: &TransferOptions<'_>,
) -> Result<CopyPlanner, TransferError> {
    CopyPlanner::new(CopyRequest {
        source: source.clone(),
        object,
        extra_args: &options.extra_args,
        config: &options.config,
    })
}

/// The copy's result; a single `CopyObject` reports its size as progress at the end.
pub(crate) fn finish_copy<T: Transport>(plan: CopyPlanner, common: &Common<'_, T>) -> Result<Document, TransferError> {
    let size = plan.size();
    let output = plan.into_result()?;
    if let Some(size) = size {
        common.report_remainder(size);
    }
    Ok(output)
}
