//! Stratus from Rust without an async runtime (the README's blocking example).
//!
//! Against a local moto: `MOTO_URL=http://127.0.0.1:PORT cargo run -p stratus-cli --example rust_blocking`
//! (without MOTO_URL it talks to AWS with your usual credentials and region).
#![allow(clippy::print_stdout)]

use serde_json::json;
use stratus::{ClientOptions, Error, Session};

fn main() -> Result<(), Error> {
    // Profile, region and credentials resolve as in boto3 (arguments, environment,
    // ~/.aws/config and ~/.aws/credentials).
    let session = Session::builder().region_name("us-east-1").build()?;
    let options = match std::env::var("MOTO_URL") {
        Ok(url) => ClientOptions::with_endpoint_url(url),
        Err(_) => ClientOptions::default(),
    };
    let s3 = session.blocking_client("s3", &options)?;

    let bucket = format!("stratus-example-{}", std::process::id());
    s3.call("CreateBucket", json!({ "Bucket": bucket }))?;
    let cors = json!({"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]});
    s3.call("PutBucketCors", json!({ "Bucket": bucket, "CORSConfiguration": cors }))?;
    let got = s3.call("GetBucketCors", json!({ "Bucket": bucket }))?;
    println!("CORS rules: {}", got["CORSRules"]);

    // Service errors carry the code, message, HTTP status and request id.
    match s3.call("GetBucketCors", json!({ "Bucket": "no-such-bucket-for-stratus" })) {
        Err(Error::Service(e)) => println!("{} (request id {:?})", e.code, e.request_id),
        other => println!("unexpected: {other:?}"),
    }
    // Invalid input is refused before anything is sent, naming the parameter.
    if let Err(Error::Validation(e)) =
        s3.call("PutBucketCors", json!({ "Bucket": bucket, "CORSConfiguration": {"Rules": []} }))
    {
        println!("{e}");
    }
    s3.call("DeleteBucket", json!({ "Bucket": bucket }))?;
    Ok(())
}
