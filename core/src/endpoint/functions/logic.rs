//! Boolean functions: `not`, `booleanEquals`.

use crate::error::Error;

use super::super::val::Val;

/// `not(value)`: the negation of the value's truth (unset, `false`, an empty string or
/// array are false; botocore's `not value`).
pub(crate) fn not(value: &Val) -> bool {
    match value {
        Val::None => true,
        Val::Bool(b) => !b,
        Val::Int(i) => *i == 0,
        Val::Str(s) => s.is_empty(),
        Val::Array(items) => items.is_empty(),
        Val::Record(_) => false,
    }
}

/// `booleanEquals(a, b)`: both must be booleans (an unset argument is an error, as in
/// botocore).
pub(crate) fn boolean_equals(a: &Val, b: &Val) -> Result<bool, Error> {
    match (a, b) {
        (Val::Bool(a), Val::Bool(b)) => Ok(a == b),
        _ => {
            Err(Error::Endpoint(format!("Both arguments must be bools, not {} and {}.", a.type_name(), b.type_name())))
        }
    }
}

/// The boolean argument of `function`, or an error naming it.
pub(crate) fn expect_bool(value: &Val, function: &str) -> Result<bool, Error> {
    match value {
        Val::Bool(b) => Ok(*b),
        other => Err(Error::Endpoint(format!("{function} expects a boolean, not {}", other.type_name()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_and_equals() {
        assert!(not(&Val::None));
        assert!(!not(&Val::Bool(true)));
        assert!(not(&Val::Str(String::new())));
        assert_eq!(boolean_equals(&Val::Bool(true), &Val::Bool(true)), Ok(true));
        assert!(boolean_equals(&Val::None, &Val::Bool(true)).is_err());
    }
}
