//! boto3's resource-style helpers for transfers: `s3.bucket("b").upload_file(path, key, ..)`
//! and `s3.bucket("b").object("k").download_file(path, ..)`, for the async and the
//! blocking client. Each method is the client method with the bucket (and key) filled in.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use stratus_core::transfer::{CopySource, TransferError};
use stratus_core::transport::Transport;
use stratus_core::Document;

use super::{DownloadOutput, TransferOptions};
use crate::Client;

/// A bucket of an async client (boto3's `s3.Bucket(name)`).
#[derive(Debug)]
pub struct Bucket<'c, T> {
    client: &'c Client<T>,
    name: String,
}

/// An object of an async client (boto3's `s3.Object(bucket, key)`).
#[derive(Debug)]
pub struct Object<'c, T> {
    client: &'c Client<T>,
    bucket: String,
    key: String,
}

impl<T: Transport> Client<T> {
    /// The bucket `name`, for transfers.
    pub fn bucket(&self, name: impl Into<String>) -> Bucket<'_, T> {
        Bucket { client: self, name: name.into() }
    }
}

impl<'c, T: Transport> Bucket<'c, T> {
    /// The bucket's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The object `key` in this bucket.
    pub fn object(&self, key: impl Into<String>) -> Object<'c, T> {
        Object { client: self.client, bucket: self.name.clone(), key: key.into() }
    }

    /// [`Client::upload_file`] into this bucket.
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        key: &str,
        o: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        self.client.upload_file(path, &self.name, key, o).await
    }

    /// [`Client::upload_fileobj`] into this bucket.
    pub async fn upload_fileobj<R: Read + Send>(
        &self,
        reader: R,
        key: &str,
        o: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        self.client.upload_fileobj(reader, &self.name, key, o).await
    }

    /// [`Client::download_file`] from this bucket.
    pub async fn download_file(
        &self,
        key: &str,
        path: impl AsRef<Path>,
        o: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        self.client.download_file(&self.name, key, path, o).await
    }

    /// [`Client::download_fileobj`] from this bucket.
    pub async fn download_fileobj<W: Write + Send>(
        &self,
        key: &str,
        writer: W,
        o: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        self.client.download_fileobj(&self.name, key, writer, o).await
    }

    /// [`Client::copy`] into this bucket.
    pub async fn copy(
        &self,
        source: &CopySource,
        key: &str,
        o: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        self.client.copy(source, &self.name, key, o).await
    }

    /// [`Client::download_to_dir`] from this bucket.
    pub async fn download_to_dir(
        &self,
        prefix: &str,
        dir: impl AsRef<Path>,
        o: &TransferOptions<'_>,
    ) -> Result<Vec<PathBuf>, TransferError> {
        self.client.download_to_dir(&self.name, prefix, dir, o).await
    }
}

impl<T: Transport> Object<'_, T> {
    /// [`Client::upload_file`] to this object.
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        o: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        self.client.upload_file(path, &self.bucket, &self.key, o).await
    }

    /// [`Client::upload_fileobj`] to this object.
    pub async fn upload_fileobj<R: Read + Send>(
        &self,
        reader: R,
        o: &TransferOptions<'_>,
    ) -> Result<Document, TransferError> {
        self.client.upload_fileobj(reader, &self.bucket, &self.key, o).await
    }

    /// [`Client::download_file`] of this object.
    pub async fn download_file(
        &self,
        path: impl AsRef<Path>,
        o: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        self.client.download_file(&self.bucket, &self.key, path, o).await
    }

    /// [`Client::download_fileobj`] of this object.
    pub async fn download_fileobj<W: Write + Send>(
        &self,
        writer: W,
        o: &TransferOptions<'_>,
    ) -> Result<DownloadOutput, TransferError> {
        self.client.download_fileobj(&self.bucket, &self.key, writer, o).await
    }

    /// [`Client::copy`] of `source` to this object (boto3's `Object.copy`).
    pub async fn copy_from(&self, source: &CopySource, o: &TransferOptions<'_>) -> Result<Document, TransferError> {
        self.client.copy(source, &self.bucket, &self.key, o).await
    }
}

#[cfg(feature = "ureq")]
pub use blocking::{BlockingBucket, BlockingObject};

#[cfg(feature = "ureq")]
mod blocking {
    use super::*;
    use crate::blocking::Client;

    /// A bucket of the blocking client (boto3's `s3.Bucket(name)`).
    #[derive(Debug)]
    pub struct BlockingBucket<'c> {
        client: &'c Client,
        name: String,
    }

    /// An object of the blocking client (boto3's `s3.Object(bucket, key)`).
    #[derive(Debug)]
    pub struct BlockingObject<'c> {
        client: &'c Client,
        bucket: String,
        key: String,
    }

    impl Client {
        /// The bucket `name`, for transfers.
        pub fn bucket(&self, name: impl Into<String>) -> BlockingBucket<'_> {
            BlockingBucket { client: self, name: name.into() }
        }
    }

    impl<'c> BlockingBucket<'c> {
        /// The bucket's name.
        pub fn name(&self) -> &str {
            &self.name
        }

        /// The object `key` in this bucket.
        pub fn object(&self, key: impl Into<String>) -> BlockingObject<'c> {
            BlockingObject { client: self.client, bucket: self.name.clone(), key: key.into() }
        }

        /// `upload_file` into this bucket.
        pub fn upload_file(
            &self,
            path: impl AsRef<Path>,
            key: &str,
            o: &TransferOptions<'_>,
        ) -> Result<Document, TransferError> {
            self.client.upload_file(path, &self.name, key, o)
        }

        /// `upload_fileobj` into this bucket.
        pub fn upload_fileobj<R: Read + Send>(
            &self,
            reader: R,
            key: &str,
            o: &TransferOptions<'_>,
        ) -> Result<Document, TransferError> {
            self.client.upload_fileobj(reader, &self.name, key, o)
        }

        /// `download_file` from this bucket.
        pub fn download_file(
            &self,
            key: &str,
            path: impl AsRef<Path>,
            o: &TransferOptions<'_>,
        ) -> Result<DownloadOutput, TransferError> {
            self.client.download_file(&self.name, key, path, o)
        }

        /// `download_fileobj` from this bucket.
        pub fn download_fileobj<W: Write + Send>(
            &self,
            key: &str,
            w: W,
            o: &TransferOptions<'_>,
        ) -> Result<DownloadOutput, TransferError> {
            self.client.download_fileobj(&self.name, key, w, o)
        }

        /// `copy` into this bucket.
        pub fn copy(&self, source: &CopySource, key: &str, o: &TransferOptions<'_>) -> Result<Document, TransferError> {
            self.client.copy(source, &self.name, key, o)
        }

        /// `download_to_dir` from this bucket.
        pub fn download_to_dir(
            &self,
            prefix: &str,
            dir: impl AsRef<Path>,
            o: &TransferOptions<'_>,
        ) -> Result<Vec<PathBuf>, TransferError> {
            self.client.download_to_dir(&self.name, prefix, dir, o)
        }
    }

    impl BlockingObject<'_> {
        /// `upload_file` to this object.
        pub fn upload_file(&self, path: impl AsRef<Path>, o: &TransferOptions<'_>) -> Result<Document, TransferError> {
            self.client.upload_file(path, &self.bucket, &self.key, o)
        }

        /// `upload_fileobj` to this object.
        pub fn upload_fileobj<R: Read + Send>(
            &self,
            reader: R,
            o: &TransferOptions<'_>,
        ) -> Result<Document, TransferError> {
            self.client.upload_fileobj(reader, &self.bucket, &self.key, o)
        }

        /// `download_file` of this object.
        pub fn download_file(
            &self,
            path: impl AsRef<Path>,
            o: &TransferOptions<'_>,
        ) -> Result<DownloadOutput, TransferError> {
            self.client.download_file(&self.bucket, &self.key, path, o)
        }

        /// `download_fileobj` of this object.
        pub fn download_fileobj<W: Write + Send>(
            &self,
            writer: W,
            o: &TransferOptions<'_>,
        ) -> Result<DownloadOutput, TransferError> {
            self.client.download_fileobj(&self.bucket, &self.key, writer, o)
        }

        /// `copy` of `source` to this object.
        pub fn copy_from(&self, source: &CopySource, o: &TransferOptions<'_>) -> Result<Document, TransferError> {
            self.client.copy(source, &self.bucket, &self.key, o)
        }
    }
}
