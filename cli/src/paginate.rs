//! Auto-pagination, as aws-cli decides it: a paginated operation (one in the service's
//! `paginators-1.json`) is called until the last page and the pages are merged into one
//! result (the client's `paginate_all`), unless `--no-paginate` is given or the user set
//! a token or page-size member explicitly.

use serde_json::{Map, Value};
use stratus_core::model::{embedded, ServiceModel};
use stratus_core::paginate::{PaginatorConfig, PaginatorModel};

use crate::errors::CliError;

/// The paginators of `service`, with their page-size types read from `model`; `None`
/// when the service has none.
pub fn paginators(service: &str, model: &ServiceModel) -> Result<Option<PaginatorModel>, CliError> {
    let Some(text) = embedded(service).and_then(|data| data.paginators) else { return Ok(None) };
    let mut paginators = PaginatorModel::from_json(text).map_err(|e| CliError::from(stratus::Error::Model(e.0)))?;
    paginators.set_limit_key_types(model);
    Ok(Some(paginators))
}

/// False when the input already sets one of the paginator's token or page-size members:
/// the user is paging by hand, so one call is made (as aws-cli decides).
pub fn should_paginate(config: &PaginatorConfig, input: &Map<String, Value>) -> bool {
    let by_hand = config.input_token.iter().chain(config.limit_key.iter()).any(|member| input.contains_key(member));
    !by_hand
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paging_by_hand_turns_auto_pagination_off() -> Result<(), CliError> {
        let model =
            ServiceModel::from_json(embedded("s3").map_or("{}", |d| d.service)).map_err(|e| CliError::local(e.0))?;
        let paginators = paginators("s3", &model)?.ok_or_else(|| CliError::local("s3 has paginators"))?;
        let config = paginators.paginator("ListObjectsV2").ok_or_else(|| CliError::local("ListObjectsV2"))?;
        let Value::Object(auto) = json!({"Bucket": "b"}) else { return Err(CliError::local("object")) };
        let Value::Object(by_hand) = json!({"Bucket": "b", "MaxKeys": 3}) else {
            return Err(CliError::local("object"));
        };
        assert!(should_paginate(config, &auto));
        assert!(!should_paginate(config, &by_hand));
        Ok(())
    }
}
