//! The credentials cache: botocore's 15/10-minute refresh windows and one refresh ticket at
//! a time.

use std::time::Duration;

use stratus_core::credentials::{CacheState, Credentials, CredentialsCache, RefreshTicket, RefreshWindows};
use stratus_core::Error;
use time::macros::datetime;
use time::OffsetDateTime;

const T0: OffsetDateTime = datetime!(2024-05-01 00:00:00 UTC);

fn minutes(n: i64) -> time::Duration {
    time::Duration::minutes(n)
}

fn temporary(key: &str, expires: OffsetDateTime) -> Credentials {
    let mut c = Credentials::new(key, "secret-value-xyz", Some("token-value-xyz".into()));
    c.expiration = Some(expires);
    c
}

fn ticket(state: CacheState) -> RefreshTicket {
    match state {
        CacheState::NeedsRefresh(t) => t,
        other => panic!("expected a ticket, got {other:?}"),
    }
}

fn fresh(state: CacheState) -> Credentials {
    match state {
        CacheState::Fresh(c) => c,
        other => panic!("expected Fresh, got {other:?}"),
    }
}

/// A cache holding credentials that expire at `T0 + 60 min`.
fn primed() -> CredentialsCache {
    let mut cache = CredentialsCache::new();
    let t = ticket(cache.get(T0));
    assert_eq!(t.usable, None);
    cache.complete(t, Ok(temporary("K1", T0 + minutes(60))), T0).expect("stored");
    cache
}

#[test]
fn empty_cache_hands_out_one_ticket() {
    let mut cache = CredentialsCache::new();
    let t = ticket(cache.get(T0));
    assert_eq!(cache.get(T0), CacheState::RefreshInProgress, "no stampede: others wait");
    assert_eq!(cache.get(T0 + time::Duration::seconds(30)), CacheState::RefreshInProgress);
    let c = cache.complete(t, Ok(temporary("K1", T0 + minutes(60))), T0).expect("stored");
    assert_eq!(c.access_key_id, "K1");
    assert_eq!(fresh(cache.get(T0)).access_key_id, "K1");
}

#[test]
fn windows_are_botocores_15_and_10_minutes() {
    let mut cache = primed();
    // More than 15 minutes left: fresh.
    assert_eq!(fresh(cache.get(T0 + minutes(44))).access_key_id, "K1");
    // Advisory window (< 15 min left): the first caller refreshes, others keep using K1.
    let secs = time::Duration::seconds;
    let t = ticket(cache.get(T0 + minutes(49) + secs(50)));
    assert_eq!(t.usable.as_ref().map(|c| c.access_key_id.as_str()), Some("K1"));
    assert_eq!(fresh(cache.get(T0 + minutes(49) + secs(55))).access_key_id, "K1");
    // Mandatory window (< 10 min left): others must wait.
    assert_eq!(cache.get(T0 + minutes(50) + secs(10)), CacheState::RefreshInProgress);
    let c = cache.complete(t, Ok(temporary("K2", T0 + minutes(120))), T0 + minutes(50) + secs(20)).expect("stored");
    assert_eq!(c.access_key_id, "K2");
    assert_eq!(fresh(cache.get(T0 + minutes(52))).access_key_id, "K2");
}

#[test]
fn failed_refresh_keeps_old_credentials_only_in_the_advisory_window() {
    let mut cache = primed();
    let t = ticket(cache.get(T0 + minutes(46)));
    let kept =
        cache.complete(t, Err(Error::Transport("timeout".into())), T0 + minutes(46)).expect("advisory failure ignored");
    assert_eq!(kept.access_key_id, "K1");
    let t = ticket(cache.get(T0 + minutes(51)));
    assert_eq!(t.usable, None, "nothing usable in the mandatory window");
    let e =
        cache.complete(t, Err(Error::Transport("timeout".into())), T0 + minutes(51)).expect_err("mandatory failure");
    assert_eq!(e, Error::Transport("timeout".into()));
    // The next caller gets a new ticket.
    assert!(matches!(cache.get(T0 + minutes(51)), CacheState::NeedsRefresh(_)));
}

#[test]
fn refreshed_but_still_expired_is_an_error() {
    let mut cache = CredentialsCache::new();
    let t = ticket(cache.get(T0));
    let e = cache.complete(t, Ok(temporary("OLD", T0 - minutes(1))), T0).expect_err("expired");
    assert!(e.to_string().contains("refreshed credentials are still expired"), "{e}");
    assert!(cache.current().is_none());
}

#[test]
fn long_term_credentials_never_refresh() {
    let mut cache = CredentialsCache::new();
    let t = ticket(cache.get(T0));
    cache.complete(t, Ok(Credentials::new("STATIC", "s", None)), T0).expect("stored");
    assert_eq!(fresh(cache.get(T0 + time::Duration::days(3650))).access_key_id, "STATIC");
}

#[test]
fn a_lost_ticket_is_replaced_after_the_ticket_timeout() {
    let windows = RefreshWindows { ticket_timeout: Duration::from_secs(30), ..RefreshWindows::default() };
    let mut cache = CredentialsCache::with_windows(windows);
    let lost = ticket(cache.get(T0));
    assert_eq!(cache.get(T0 + time::Duration::seconds(29)), CacheState::RefreshInProgress);
    let replacement = ticket(cache.get(T0 + time::Duration::seconds(31)));
    assert_ne!(lost, replacement);
    // A late answer from the lost ticket is still accepted, and is fresh.
    cache.complete(lost, Ok(temporary("LATE", T0 + minutes(60))), T0 + time::Duration::seconds(40)).expect("ok");
    assert_eq!(fresh(cache.get(T0 + time::Duration::seconds(41))).access_key_id, "LATE");
    cache.complete(replacement, Ok(temporary("NEW", T0 + minutes(90))), T0 + time::Duration::seconds(42)).expect("ok");
    assert_eq!(fresh(cache.get(T0 + time::Duration::seconds(43))).access_key_id, "NEW");
}

#[test]
fn invalidate_forces_a_refresh() {
    let mut cache = primed();
    cache.invalidate();
    assert!(matches!(cache.get(T0), CacheState::NeedsRefresh(_)));
}

#[test]
fn debug_hides_secrets() {
    let cache = primed();
    let text = format!("{cache:?}");
    assert!(text.contains("K1") && !text.contains("-value-xyz"), "{text}");
}
