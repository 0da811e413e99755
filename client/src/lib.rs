//! # stratus
//!
//! (being written: Session, Client, the driver loop)
