//! The end-to-end call both the `client_call` bench and the aws-sdk-s3 comparison time:
//! S3 ListObjectsV2 through `stratus::Client` over the [`CannedTransport`], answered by
//! the 1000-key listing of [`crate::list_objects`].

use std::sync::Arc;

use serde_json::json;
use stratus::blocking::block_on;
use stratus::{Client, CredentialsProvider};
use stratus_core::client::{ClientCore, ClientSpec};
use stratus_core::{Document, Error};

use crate::canned::CannedTransport;
use crate::list_objects::{list_objects_v2_response, BUCKET, KEYS, PREFIX, REQUEST_ID};
use crate::sigv4_requests::{credentials, signing_time, REGION};

/// An S3 client in us-east-1 with fixed keys, whose transport answers the 1000-key
/// listing to every request.
pub fn list_objects_client() -> Result<Client<CannedTransport>, Error> {
    let core = ClientCore::new(ClientSpec::new("s3", Some(REGION.to_owned())))?;
    let transport = CannedTransport::new(list_objects_v2_response(KEYS), signing_time());
    Ok(Client::from_core(Arc::new(core), transport, CredentialsProvider::fixed(credentials())))
}

/// The call's input: the bucket and prefix of the listing, with owners.
pub fn list_objects_input() -> Document {
    json!({"Bucket": BUCKET, "Prefix": PREFIX, "FetchOwner": true})
}

/// One whole call, driven by `stratus::blocking::block_on`.
pub fn call_list_objects(client: &Client<CannedTransport>, input: &Document) -> Result<Document, Error> {
    block_on(client.call("ListObjectsV2", input.clone()))
}

/// Checks an output of [`call_list_objects`]: every key, and `ResponseMetadata`.
pub fn check_output(output: &Document) -> Result<(), String> {
    let keys = output["Contents"].as_array().map_or(0, Vec::len);
    if keys != KEYS {
        return Err(format!("expected {KEYS} keys, got {keys}"));
    }
    if output["ResponseMetadata"]["RequestId"] != REQUEST_ID {
        return Err("ResponseMetadata.RequestId is missing".to_owned());
    }
    Ok(())
}
