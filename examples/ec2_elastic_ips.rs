//! Seed scenario: allocate an Elastic IP, describe it with a filter, associate it with an
//! instance, then disassociate and release it.
#![allow(clippy::print_stdout)]

use serde_json::json;

fn main() -> Result<(), stratus::Error> {
    let (session, options) = stratus_examples::setup()?;
    let ec2 = session.blocking_client("ec2", &options)?;
    let address = ec2.call("AllocateAddress", json!({"Domain": "vpc"}))?;
    let allocation = address["AllocationId"].clone();
    println!("allocated {} ({})", address["PublicIp"], allocation);
    let filters = json!({"Filters": [{"Name": "domain", "Values": ["vpc"]}]});
    for a in ec2.call("DescribeAddresses", filters)?["Addresses"].as_array().into_iter().flatten() {
        println!("address {} allocation {}", a["PublicIp"], a["AllocationId"]);
    }
    let image = std::env::var("STRATUS_EXAMPLE_AMI").unwrap_or_else(|_| "ami-12c6146b".into());
    let run = ec2.call("RunInstances", json!({"ImageId": image, "MinCount": 1, "MaxCount": 1}))?;
    let instance = run["Instances"][0]["InstanceId"].clone();
    let association = ec2.call("AssociateAddress", json!({"AllocationId": allocation, "InstanceId": instance}))?;
    println!("associated with {instance}: {}", association["AssociationId"]);
    ec2.call("DisassociateAddress", json!({"AssociationId": association["AssociationId"]}))?;
    ec2.call("ReleaseAddress", json!({"AllocationId": allocation}))?;
    ec2.call("TerminateInstances", json!({"InstanceIds": [instance]}))?;
    println!("released {allocation}");
    Ok(())
}
