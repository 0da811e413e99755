//! Caching credentials and refreshing them ahead of expiry, without a stampede.
//!
//! Windows are botocore's (`RefreshableCredentials`): with less than **15 minutes** left
//! (advisory window) a refresh is attempted but the current credentials stay usable, and a
//! failed refresh is ignored; with less than **10 minutes** left (mandatory window) callers
//! must wait for the refresh and its failure is reported. (aws-sdk-rust refreshes 5 minutes
//! ahead instead.) Credentials without an expiry are never refreshed.
//!
//! Only one refresh runs at a time: [`CredentialsCache::get`] hands a [`RefreshTicket`] to
//! the first caller that finds the credentials due, and every other caller gets the current
//! credentials (advisory window) or [`CacheState::RefreshInProgress`] (mandatory window, or
//! nothing cached yet). The ticket holder runs a [`super::CredentialChain`] and reports with
//! [`CredentialsCache::complete`]. A ticket not completed within the ticket timeout (default
//! 60 s) is considered lost and a new one is handed out. The cache is a plain value, free of
//! locks: transports share it behind their own `Mutex`.

use std::time::Duration;

use time::OffsetDateTime;

use super::Credentials;
use crate::Error;

/// How long before expiry credentials are refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshWindows {
    /// Refresh, keeping the old credentials usable meanwhile (botocore: 15 min).
    pub advisory: Duration,
    /// Refresh before any further use (botocore: 10 min).
    pub mandatory: Duration,
    /// After this long an uncompleted ticket is replaced.
    pub ticket_timeout: Duration,
}

impl Default for RefreshWindows {
    fn default() -> Self {
        Self {
            advisory: Duration::from_secs(15 * 60),
            mandatory: Duration::from_secs(10 * 60),
            ticket_timeout: Duration::from_secs(60),
        }
    }
}

/// The right to refresh the cached credentials. Give it back with
/// [`CredentialsCache::complete`].
#[derive(Debug, PartialEq, Eq)]
#[must_use = "the ticket holder must refresh and call CredentialsCache::complete"]
pub struct RefreshTicket {
    id: u64,
    /// Credentials still usable while refreshing (advisory window), if any.
    pub usable: Option<Credentials>,
}

/// What a caller should do.
#[derive(Debug, PartialEq, Eq)]
pub enum CacheState {
    /// Use these credentials.
    Fresh(Credentials),
    /// Refresh (run the credential chain) and report with [`CredentialsCache::complete`].
    NeedsRefresh(RefreshTicket),
    /// Another caller is refreshing and there are no usable credentials: wait and retry.
    RefreshInProgress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct InFlight {
    id: u64,
    issued: OffsetDateTime,
}

/// Cached credentials plus the refresh bookkeeping.
#[derive(Debug, Clone, Default)]
pub struct CredentialsCache {
    credentials: Option<Credentials>,
    in_flight: Option<InFlight>,
    next_id: u64,
    windows: RefreshWindows,
}

fn seconds(d: Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

/// Where credentials stand at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    No,
    Advisory,
    Mandatory,
}

impl CredentialsCache {
    /// An empty cache with botocore's windows.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty cache with other windows.
    pub fn with_windows(windows: RefreshWindows) -> Self {
        Self { windows, ..Self::default() }
    }

    /// The cached credentials, fresh or not.
    pub fn current(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// Forgets the cached credentials (e.g. after the service rejected them).
    pub fn invalidate(&mut self) {
        self.credentials = None;
    }

    fn due(&self, now: OffsetDateTime) -> Due {
        let Some(credentials) = &self.credentials else { return Due::Mandatory };
        let Some(expiration) = credentials.expiration else { return Due::No };
        let remaining = expiration - now;
        if remaining < seconds(self.windows.mandatory) {
            Due::Mandatory
        } else if remaining < seconds(self.windows.advisory) {
            Due::Advisory
        } else {
            Due::No
        }
    }

    fn refresh_running(&self, now: OffsetDateTime) -> bool {
        self.in_flight.is_some_and(|t| now - t.issued < seconds(self.windows.ticket_timeout))
    }

    /// What to do at `now`: see the module documentation.
    pub fn get(&mut self, now: OffsetDateTime) -> CacheState {
        let due = self.due(now);
        let usable = match due {
            Due::No | Due::Advisory => self.credentials.clone(),
            Due::Mandatory => None,
        };
        match (due, usable) {
            (Due::No, Some(c)) => CacheState::Fresh(c),
            (Due::Advisory, Some(c)) if self.refresh_running(now) => CacheState::Fresh(c),
            _ if self.refresh_running(now) => CacheState::RefreshInProgress,
            (_, usable) => {
                let id = self.next_id;
                self.next_id += 1;
                self.in_flight = Some(InFlight { id, issued: now });
                CacheState::NeedsRefresh(RefreshTicket { id, usable })
            }
        }
    }

    /// Reports a refresh. On success the new credentials are cached and returned; they must
    /// not be expired already. On failure in the advisory window the old credentials are
    /// returned (botocore logs and keeps them); otherwise the error is.
    pub fn complete(
        &mut self,
        ticket: RefreshTicket,
        result: Result<Credentials, Error>,
        now: OffsetDateTime,
    ) -> Result<Credentials, Error> {
        if self.in_flight.is_some_and(|t| t.id == ticket.id) {
            self.in_flight = None;
        }
        match result {
            Ok(fresh) if fresh.expiration.is_some_and(|e| e < now) => Err(Error::NoCredentials(
                "Credentials were refreshed, but the refreshed credentials are still expired.".into(),
            )),
            Ok(fresh) => {
                self.credentials = Some(fresh.clone());
                Ok(fresh)
            }
            Err(e) => match (self.due(now), &self.credentials) {
                (Due::No | Due::Advisory, Some(old)) => Ok(old.clone()),
                _ => Err(e),
            },
        }
    }
}
