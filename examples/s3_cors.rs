//! Seed scenario: create a bucket, set its CORS rules, read them back — and the two
//! pitfalls: reading CORS of a bucket that has none (`NoSuchCORSConfiguration`) and the
//! wrong `Rules` key (a validation error before anything is sent).
#![allow(clippy::print_stdout)]

use serde_json::json;
use stratus::Error;

fn main() -> Result<(), Error> {
    let (session, options) = stratus_examples::setup()?;
    let s3 = session.blocking_client("s3", &options)?;
    let bucket = std::env::args().nth(1).unwrap_or_else(|| "stratus-example-cors".into());
    s3.call("CreateBucket", json!({"Bucket": bucket}))?;

    match s3.call("GetBucketCors", json!({"Bucket": bucket})) {
        Err(Error::Service(e)) if e.code == "NoSuchCORSConfiguration" => println!("no CORS yet: {e}"),
        other => println!("unexpected: {other:?}"),
    }

    let cors = json!({"CORSRules": [{
        "AllowedHeaders": ["Authorization"],
        "AllowedMethods": ["GET", "PUT"],
        "AllowedOrigins": ["*"],
        "ExposeHeaders": ["GET", "PUT"],
        "MaxAgeSeconds": 3000
    }]});
    s3.call("PutBucketCors", json!({"Bucket": bucket, "CORSConfiguration": cors}))?;
    let got = s3.call("GetBucketCors", json!({"Bucket": bucket}))?;
    println!("CORS rules: {}", got["CORSRules"]);

    if let Err(e) = s3.call("PutBucketCors", json!({"Bucket": bucket, "CORSConfiguration": {"Rules": []}})) {
        println!("{e}");
    }
    Ok(())
}
