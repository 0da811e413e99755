//! Manual smoke test against a local moto: `MOTO=http://127.0.0.1:5055 cargo run -p stratus --example smoke`.
use serde_json::json;
use stratus::{ClientOptions, Session};

fn main() -> Result<(), stratus::Error> {
    let url = std::env::var("MOTO").unwrap_or_else(|_| "http://127.0.0.1:5055".into());
    let session = Session::builder().region_name("us-east-1").credentials("AKIDTEST", "secret", None).build()?;
    let opts = ClientOptions::with_endpoint_url(&url);
    let s3 = session.blocking_client("s3", &opts)?;
    println!("{}", s3.call("CreateBucket", json!({"Bucket": "smoke-bucket"}))?);
    println!("{}", s3.call("PutBucketCors", json!({"Bucket": "smoke-bucket", "CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}}))?);
    println!("{}", s3.call("GetBucketCors", json!({"Bucket": "smoke-bucket"}))?);
    println!("{}", s3.call("ListBuckets", json!({}))?);
    println!("{:?}", s3.call("GetBucketCors", json!({"Bucket": "nope"})));
    println!("{:?}", s3.call("PutBucketCors", json!({"Bucket": "smoke-bucket", "CORSConfiguration": {"Rules": []}})));
    let ec2 = session.blocking_client("ec2", &opts)?;
    println!("{}", ec2.call("AllocateAddress", json!({"Domain": "vpc"}))?);
    let ses = session.blocking_client("ses", &opts)?;
    println!("{}", ses.call("CreateTemplate", json!({"Template": {"TemplateName": "t1", "SubjectPart": "Hi {{name}}", "TextPart": "Hello {{name}}"}}))?);
    println!("{}", ses.call("ListTemplates", json!({}))?);
    let sts = session.blocking_client("sts", &opts)?;
    println!("{}", sts.call("GetCallerIdentity", json!({}))?);
    Ok(())
}
