//! A small CBOR (RFC 8949) decoder for comparing request bodies by value, as botocore's
//! runner does: definite and indefinite lengths, half/single/double floats, tags. Written
//! independently of the serializer under test (which uses `ciborium`).

use std::collections::BTreeMap;

/// A decoded value, normalized for comparison: every number is an `f64` (so `1 == 1.0`),
/// special floats are the strings botocore's runner turns them into, tag 1 (epoch
/// timestamp) compares by its number, and maps ignore key order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    Special(&'static str),
    Bytes(Vec<u8>),
    Text(String),
    Bool(bool),
    Null,
    Array(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Tag(u64, Box<Value>),
}

/// Decodes exactly one data item filling `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut decoder = Decoder { bytes, pos: 0 };
    let value = decoder.item()?.ok_or("unexpected break")?;
    if decoder.pos != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - decoder.pos));
    }
    Ok(value)
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.pos.checked_add(n).filter(|end| *end <= self.bytes.len()).ok_or("truncated CBOR")?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn uint(&mut self, n: usize) -> Result<u64, String> {
        Ok(self.take(n)?.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// The argument of an initial byte; `None` for indefinite length (info 31).
    fn argument(&mut self, info: u8) -> Result<Option<u64>, String> {
        Ok(Some(match info {
            0..=23 => u64::from(info),
            24 => self.uint(1)?,
            25 => self.uint(2)?,
            26 => self.uint(4)?,
            27 => self.uint(8)?,
            31 => return Ok(None),
            _ => return Err(format!("reserved additional info {info}")),
        }))
    }

    /// One item, or `None` for a break (0xff).
    fn item(&mut self) -> Result<Option<Value>, String> {
        let initial = self.take(1)?[0];
        let (major, info) = (initial >> 5, initial & 0x1f);
        if major == 7 {
            return self.simple(info);
        }
        let argument = self.argument(info)?;
        let value = match (major, argument) {
            (0, Some(n)) => Value::Number(n as f64),
            (1, Some(n)) => Value::Number(-1.0 - n as f64),
            (2, _) => Value::Bytes(self.string(2, argument)?),
            (3, _) => Value::Text(String::from_utf8(self.string(3, argument)?).map_err(|e| e.to_string())?),
            (4, _) => Value::Array(self.array(argument)?),
            (5, _) => Value::Map(self.map(argument)?),
            (6, Some(1)) => self.item()?.ok_or("break in tag")?,
            (6, Some(tag)) => Value::Tag(tag, Box::new(self.item()?.ok_or("break in tag")?)),
            _ => return Err(format!("bad initial byte {initial:#04x}")),
        };
        Ok(Some(value))
    }

    fn simple(&mut self, info: u8) -> Result<Option<Value>, String> {
        let float = match info {
            20 => return Ok(Some(Value::Bool(false))),
            21 => return Ok(Some(Value::Bool(true))),
            22 | 23 => return Ok(Some(Value::Null)),
            25 => half(self.uint(2)? as u16),
            26 => f64::from(f32::from_bits(self.uint(4)? as u32)),
            27 => f64::from_bits(self.uint(8)?),
            31 => return Ok(None),
            _ => return Err(format!("unsupported simple value {info}")),
        };
        Ok(Some(if float.is_nan() {
            Value::Special("NaN")
        } else if float == f64::INFINITY {
            Value::Special("Infinity")
        } else if float == f64::NEG_INFINITY {
            Value::Special("-Infinity")
        } else {
            Value::Number(float)
        }))
    }

    /// A byte or text string; indefinite ones are chunks of the same major type.
    fn string(&mut self, major: u8, length: Option<u64>) -> Result<Vec<u8>, String> {
        if let Some(n) = length {
            return Ok(self.take(usize::try_from(n).map_err(|e| e.to_string())?)?.to_vec());
        }
        let mut out = Vec::new();
        loop {
            let initial = self.take(1)?[0];
            if initial == 0xff {
                return Ok(out);
            }
            if initial >> 5 != major {
                return Err("mixed chunk types in indefinite string".to_owned());
            }
            let n = self.argument(initial & 0x1f)?.ok_or("nested indefinite string")?;
            out.extend_from_slice(self.take(usize::try_from(n).map_err(|e| e.to_string())?)?);
        }
    }

    fn array(&mut self, length: Option<u64>) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        match length {
            Some(n) => {
                for _ in 0..n {
                    out.push(self.item()?.ok_or("break in definite array")?);
                }
            }
            None => {
                while let Some(item) = self.item()? {
                    out.push(item);
                }
            }
        }
        Ok(out)
    }

    fn map(&mut self, length: Option<u64>) -> Result<BTreeMap<String, Value>, String> {
        let mut out = BTreeMap::new();
        let mut remaining = length;
        loop {
            if remaining == Some(0) {
                return Ok(out);
            }
            let Some(key) = self.item()? else {
                return if length.is_none() { Ok(out) } else { Err("break in definite map".to_owned()) };
            };
            let value = self.item()?.ok_or("break after map key")?;
            let key = match key {
                Value::Text(text) => text,
                other => format!("{other:?}"),
            };
            out.insert(key, value);
            remaining = remaining.map(|n| n - 1);
        }
    }
}

/// IEEE 754 half precision to `f64`.
fn half(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + mantissa / 1024.0) * 2f64.powi(e - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_indefinite_maps_and_floats() {
        // {_ "a": 1.5 (half), "b": [_ 1, -2], "c": 1(1.0 as double)}
        let bytes = [
            0xbf, 0x61, b'a', 0xf9, 0x3e, 0x00, 0x61, b'b', 0x9f, 0x01, 0x21, 0xff, 0x61, b'c', 0xc1, 0xfb, 0x3f, 0xf0,
            0, 0, 0, 0, 0, 0, 0xff,
        ];
        let Ok(Value::Map(map)) = decode(&bytes) else { panic!("expected a map") };
        assert_eq!(map["a"], Value::Number(1.5));
        assert_eq!(map["b"], Value::Array(vec![Value::Number(1.0), Value::Number(-2.0)]));
        assert_eq!(map["c"], Value::Number(1.0));
        assert_eq!(decode(&[0xf9, 0x7e, 0x00]), Ok(Value::Special("NaN")));
    }
}
