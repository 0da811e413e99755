//! The async API over reqwest: the same calls, awaited.
#![allow(clippy::print_stdout)]

use serde_json::json;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), stratus::Error> {
    let (session, options) = stratus_examples::setup()?;
    let s3 = session.client("s3", &options)?;
    let out = s3.call("ListBuckets", json!({})).await?;
    for bucket in out["Buckets"].as_array().into_iter().flatten() {
        println!("{} {}", bucket["CreationDate"], bucket["Name"]);
    }
    let all = s3.paginate_all("ListObjectsV2", json!({"Bucket": "stratus-example-cors"}), Default::default()).await;
    let count = all.map(|o| o["Contents"].as_array().map_or(0, Vec::len));
    println!("objects in stratus-example-cors: {count:?}");
    Ok(())
}
