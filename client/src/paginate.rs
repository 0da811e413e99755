//! Paginators (`paginators-1.json`) and waiters (`waiters-2.json`) over any transport:
//! core's state machines decide, this file calls and sleeps.

use stratus_core::paginate::{PaginationConfig, Paginator};
use stratus_core::transport::Transport;
use stratus_core::waiter::{WaiterOverrides, WaiterStep};
use stratus_core::{Document, Error};

use crate::Client;

/// Pages of one paginated operation (boto3's `PageIterator`).
#[derive(Debug)]
pub struct Pages<'c, T> {
    client: &'c Client<T>,
    operation: String,
    paginator: Paginator,
    failed: bool,
}

impl<T: Transport> Client<T> {
    /// A paginator for `operation` (boto3's `get_paginator(op).paginate(**input,
    /// PaginationConfig=...)`). Fails when the operation is not paginated.
    pub fn paginate(&self, operation: &str, input: Document, config: PaginationConfig) -> Result<Pages<'_, T>, Error> {
        let op = self.core().operation(operation)?.name.clone();
        let config_for_op = self
            .core()
            .paginators()?
            .paginator(&op)
            .ok_or_else(|| Error::Config(format!("operation {op} cannot be paginated")))?;
        let paginator = Paginator::new(config_for_op, input, config)?;
        Ok(Pages { client: self, operation: op, paginator, failed: false })
    }

    /// Every page of `operation` merged as botocore's `build_full_result()` does.
    pub async fn paginate_all(
        &self,
        operation: &str,
        input: Document,
        config: PaginationConfig,
    ) -> Result<Document, Error> {
        let mut pages = self.paginate(operation, input, config)?;
        let mut all = Vec::new();
        while let Some(page) = pages.next_page().await {
            all.push(page?);
        }
        Ok(pages.paginator.build_full_result(&all))
    }

    /// Waits with the service's waiter `name` (`BucketExists`, `InstanceRunning`), as
    /// boto3's `get_waiter(name).wait(**input)`. Returns the output that satisfied it.
    pub async fn wait(&self, name: &str, input: Document, overrides: WaiterOverrides) -> Result<Document, Error> {
        let service = &self.core().spec().service;
        let config = self
            .core()
            .waiters()?
            .waiter(name)
            .ok_or_else(|| Error::Config(format!("{service} has no waiter named {name}")))?;
        let mut waiter = stratus_core::waiter::Waiter::new(config, input, overrides);
        let operation = config.operation.clone();
        loop {
            match waiter.poll() {
                WaiterStep::Call(input) => {
                    let result = match self.call(&operation, input).await {
                        Ok(output) => Ok(output),
                        Err(Error::Service(e)) => Err(e),
                        Err(other) => return Err(other),
                    };
                    waiter.handle_output(result);
                }
                WaiterStep::Sleep(duration) => self.transport().sleep(duration).await,
                WaiterStep::Done(result) => return result.map_err(|e| Error::Waiter(Box::new(e))),
            }
        }
    }
}

impl<T: Transport> Pages<'_, T> {
    /// The next page, `None` after the last one.
    /// After an error, pagination ends (the error was the last item).
    pub async fn next_page(&mut self) -> Option<Result<Document, Error>> {
        if self.failed {
            return None;
        }
        let input = self.paginator.next_request_input()?;
        let mut page = match self.client.call(&self.operation, input).await {
            Ok(page) => page,
            Err(e) => {
                self.failed = true;
                return Some(Err(e));
            }
        };
        Some(self.paginator.handle_page(&mut page).map(|()| page))
    }

    /// The token to resume from when `max_items` stopped pagination early.
    pub fn resume_token(&self) -> Option<&str> {
        self.paginator.resume_token()
    }
}
