//! Stratus from async Rust over reqwest (the README's async example).
//!
//! Against a local moto: `MOTO_URL=http://127.0.0.1:PORT cargo run -p stratus-cli --example rust_async`
#![allow(clippy::print_stdout)]

use serde_json::json;
use stratus::{ClientOptions, Error, Session};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let session = Session::builder().region_name("us-east-1").build()?;
    let options = match std::env::var("MOTO_URL") {
        Ok(url) => ClientOptions::with_endpoint_url(url),
        Err(_) => ClientOptions::default(),
    };
    let ec2 = session.client("ec2", &options)?;

    let address = ec2.call("AllocateAddress", json!({"Domain": "vpc"})).await?;
    println!("allocated {} ({})", address["PublicIp"], address["AllocationId"]);
    let filters = json!({"Filters": [{"Name": "domain", "Values": ["vpc"]}]});
    let described = ec2.call("DescribeAddresses", filters).await?;
    println!("{} VPC addresses", described["Addresses"].as_array().map_or(0, Vec::len));
    ec2.call("ReleaseAddress", json!({"AllocationId": address["AllocationId"]})).await?;
    Ok(())
}
