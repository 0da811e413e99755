//! `aws.partition` and the [`Partitions`] table it reads (`partitions.json`).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::error::Error;

use super::super::val::{Record, Val};
use super::region_regex::RegionRegex;

/// AWS partitions (`aws`, `aws-cn`, `aws-us-gov`, ...) read from `partitions.json`, ready
/// for `aws.partition`. Build it once ([`Partitions::embedded`] or
/// [`Partitions::from_json`]) and share it between clients.
#[derive(Debug, Clone)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

#[derive(Debug, Clone)]
struct Partition {
    id: String,
    region_regex: RegionRegex,
    /// Known regions, with the outputs that apply to each (the partition's outputs, with
    /// any per-region overrides applied).
    regions: HashMap<String, Arc<Record>>,
    outputs: Arc<Record>,
}

#[derive(Deserialize)]
struct PartitionsJson {
    partitions: Vec<PartitionJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PartitionJson {
    id: String,
    region_regex: String,
    #[serde(default)]
    regions: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    outputs: serde_json::Map<String, serde_json::Value>,
}

impl Partitions {
    /// Reads a `partitions.json` document. Fails on invalid JSON, an empty partition list,
    /// or a `regionRegex` outside the supported subset (anchors, literals, escapes, classes, groups
    /// with alternation, quantifiers).
    pub fn from_json(text: &str) -> Result<Partitions, Error> {
        let json: PartitionsJson =
            serde_json::from_str(text).map_err(|e| Error::Endpoint(format!("invalid partitions.json: {e}")))?;
        if json.partitions.is_empty() {
            return Err(Error::Endpoint("partitions.json lists no partition".into()));
        }
        let partitions = json.partitions.into_iter().map(Partition::new).collect::<Result<_, _>>()?;
        Ok(Partitions { partitions })
    }

    /// The partitions embedded in this build ([`crate::model::PARTITIONS_JSON`]), parsed on
    /// first use and kept for the life of the process.
    pub fn embedded() -> Result<&'static Partitions, Error> {
        static EMBEDDED: OnceLock<Result<Partitions, Error>> = OnceLock::new();
        EMBEDDED.get_or_init(|| Partitions::from_json(crate::model::PARTITIONS_JSON)).as_ref().map_err(Clone::clone)
    }

    /// The partition ids, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.partitions.iter().map(|p| p.id.as_str())
    }

    /// `aws.partition(region)`: the outputs of the partition listing `region`, else of the
    /// first whose `regionRegex` matches it, else of the first partition (`aws`). The
    /// record's `name` is the partition id.
    pub(crate) fn partition(&self, region: Option<&str>) -> Val {
        let outputs = region.and_then(|region| {
            self.partitions
                .iter()
                .find_map(|p| p.regions.get(region))
                .or_else(|| self.partitions.iter().find(|p| p.region_regex.is_match(region)).map(|p| &p.outputs))
        });
        match outputs.or_else(|| self.partitions.first().map(|p| &p.outputs)) {
            Some(record) => Val::Record(Arc::clone(record)),
            None => Val::None,
        }
    }
}

impl Partition {
    fn new(json: PartitionJson) -> Result<Partition, Error> {
        let mut outputs = record_of(&json.outputs);
        outputs.set("name", Val::Str(json.id.clone()));
        let outputs = Arc::new(outputs);
        let regions =
            json.regions.iter().map(|(name, region)| (name.clone(), region_outputs(&outputs, region))).collect();
        let region_regex = RegionRegex::new(&json.region_regex)?;
        Ok(Partition { id: json.id, region_regex, regions, outputs })
    }
}

/// A region's outputs: the partition's, overridden by any output field the region entry
/// sets (its `description` is not an output).
fn region_outputs(partition: &Arc<Record>, region: &serde_json::Value) -> Arc<Record> {
    let overrides: Vec<(&String, Val)> = region
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "description")
        .filter_map(|(k, v)| Val::from_json(v).map(|v| (k, v)))
        .collect();
    if overrides.is_empty() {
        return Arc::clone(partition);
    }
    let mut record = (**partition).clone();
    for (name, value) in overrides {
        record.set(name, value);
    }
    Arc::new(record)
}

fn record_of(object: &serde_json::Map<String, serde_json::Value>) -> Record {
    Record::new(object.iter().filter_map(|(k, v)| Val::from_json(v).map(|v| (k.clone(), v))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(partitions: &Partitions, region: Option<&str>, name: &str) -> Option<Val> {
        match partitions.partition(region) {
            Val::Record(r) => r.get(name).cloned(),
            _ => None,
        }
    }

    #[test]
    fn embedded_partitions_resolve() {
        let Ok(p) = Partitions::embedded() else {
            panic!("embedded partitions.json must parse");
        };
        assert_eq!(field(p, Some("us-west-2"), "name"), Some(Val::Str("aws".into())));
        assert_eq!(field(p, Some("cn-north-1"), "dnsSuffix"), Some(Val::Str("amazonaws.com.cn".into())));
        assert_eq!(field(p, Some("us-gov-west-1"), "name"), Some(Val::Str("aws-us-gov".into())));
        assert_eq!(field(p, Some("aws-global"), "name"), Some(Val::Str("aws".into())));
        assert_eq!(field(p, Some("us-isob-east-1"), "name"), Some(Val::Str("aws-iso-b".into())));
        assert_eq!(field(p, Some("mars-1"), "name"), Some(Val::Str("aws".into())));
        assert_eq!(field(p, None, "implicitGlobalRegion"), Some(Val::Str("us-east-1".into())));
    }
}
