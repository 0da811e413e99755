//! Pagination, from botocore's `paginators-1.json` with botocore's semantics
//! (`botocore/paginate.py`): a sans-IO [`Paginator`] state machine that gives the input
//! of each call and digests each page, `max_items` / `page_size` / `starting_token`,
//! resume tokens compatible with boto3 and the AWS CLI, and full-result aggregation.
//!
//! ```
//! use serde_json::json;
//! use stratus_core::paginate::{PaginationConfig, Paginator, PaginatorModel};
//!
//! let model = PaginatorModel::from_json(r#"{"pagination": {"ListThings": {
//!     "input_token": "NextToken", "output_token": "NextToken", "result_key": "Things"}}}"#)?;
//! let config = model.paginator("ListThings").ok_or("no paginator")?;
//! let mut paginator = Paginator::new(config, json!({}), PaginationConfig::default())?;
//! let mut pages = Vec::new();
//! let mut service = vec![json!({"Things": [3], "NextToken": "t1"}), json!({"Things": [1, 2]})].into_iter();
//! while let Some(_input) = paginator.next_request_input() {
//!     let mut page = service.next().ok_or("service ran dry")?; // send `_input` here
//!     paginator.handle_page(&mut page)?;
//!     pages.push(page);
//! }
//! assert_eq!(paginator.build_full_result(&pages), json!({"Things": [3, 1, 2]}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod full_result;
mod paginator;
mod token;

pub use config::{LimitKeyType, PaginatorConfig, PaginatorModel, ResultKey};
pub use full_result::FullResult;
pub use paginator::{PaginationConfig, Paginator};
pub use token::{decode_token, encode_token, NextToken, TRUNCATE_AMOUNT_KEY};
