//! What the server answers: a [`Script`] of [`Step`]s, one per request, in arrival order.
//!
//! The text form is a comma-separated list of tokens (case-insensitive):
//!
//! | token | answer |
//! |---|---|
//! | `ok` | 200 with the "ok" body ([`ParseOptions`]; empty by default) |
//! | `500` | 500, S3-style XML error `InternalError` |
//! | `503`, `slowdown` | 503, S3-style XML error `SlowDown` |
//! | `throttle` | 400, JSON `{"__type":"ThrottlingException","message":"Rate exceeded"}` with `x-amzn-ErrorType` |
//! | `reset` | the connection is closed without any response |
//! | `NNN` (any other status) | that status, empty body |
//! | `s3:STATUS:CODE` | S3-style XML error (`<Error><Code>CODE</Code>...`) |
//! | `json:STATUS:TYPE` | awsJson-style error (`{"__type":"TYPE",...}` + `x-amzn-ErrorType`) |
//! | `query:STATUS:CODE` | awsQuery-style XML error (`<ErrorResponse><Error><Code>CODE</Code>...`) |
//! | `ec2:STATUS:CODE` | EC2-style XML error (`<Response><Errors><Error><Code>CODE</Code>...`) |
//!
//! Any token may end with `@MS` (wait MS milliseconds before answering or closing, e.g.
//! `ok@1500` for a read-timeout test) and then `*N` (repeat N times, e.g. `500*3`).
//! Once the script is used up, every further request gets the "after" step (`ok` unless
//! [`Script::then`] says otherwise).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A canned HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedResponse {
    /// Status code.
    pub status: u16,
    /// Extra headers (`Content-Length`, `Date` and request ids are added by the server).
    pub headers: Vec<(String, String)>,
    /// The body (not sent for `HEAD` requests; `Content-Length` still is).
    pub body: Vec<u8>,
}

/// What one step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send this response.
    Respond(CannedResponse),
    /// Close the connection without sending anything.
    Reset,
}

/// One scripted answer: an action, an optional delay before it, and a label for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Shown in the request log (`"500"`, `"ok@1500"`, ...).
    pub label: String,
    /// How long to wait after reading the request, before acting.
    pub delay: Duration,
    /// What to do.
    pub action: Action,
}

/// Settings used while parsing the text form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// Body of `ok` answers.
    pub ok_body: Vec<u8>,
    /// `Content-Type` of `ok` answers.
    pub ok_content_type: String,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { ok_body: Vec::new(), ok_content_type: "application/xml".to_owned() }
    }
}

/// A token the parser did not understand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The offending token.
    pub token: String,
    /// Why it was rejected.
    pub reason: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad script step {:?}: {}", self.token, self.reason)
    }
}

impl std::error::Error for ParseError {}

fn header(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

impl Step {
    fn new(label: &str, action: Action) -> Step {
        Step { label: label.to_owned(), delay: Duration::ZERO, action }
    }

    /// 200 with an empty body.
    pub fn ok() -> Step {
        Step::ok_with(Vec::new(), "application/xml")
    }

    /// 200 with this body and content type.
    pub fn ok_with(body: impl Into<Vec<u8>>, content_type: &str) -> Step {
        let headers = vec![header("Content-Type", content_type)];
        Step::new("ok", Action::Respond(CannedResponse { status: 200, headers, body: body.into() }))
    }

    /// Any status, headers and body.
    pub fn respond(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Step {
        let body = body.into();
        Step::new(&status.to_string(), Action::Respond(CannedResponse { status, headers, body }))
    }

    /// Close the connection without a response.
    pub fn reset() -> Step {
        Step::new("reset", Action::Reset)
    }

    /// An S3 (restXml) error: `<Error><Code>CODE</Code><Message>..</Message>...</Error>`.
    pub fn s3_error(status: u16, code: &str, message: &str) -> Step {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>\
             <RequestId>FAULTREQUESTID</RequestId><HostId>FAULTHOSTID</HostId></Error>",
            xml_escape(code),
            xml_escape(message)
        );
        let headers = vec![header("Content-Type", "application/xml")];
        Step::respond(status, headers, body).labelled(&format!("s3:{status}:{code}"))
    }

    /// An awsJson error: `{"__type":"TYPE","message":"..."}` with `x-amzn-ErrorType: TYPE`.
    pub fn json_error(status: u16, error_type: &str, message: &str) -> Step {
        let body = format!(
            "{{\"__type\":\"{}\",\"message\":\"{}\"}}",
            crate::log::json_escape(error_type),
            crate::log::json_escape(message)
        );
        let headers =
            vec![header("Content-Type", "application/x-amz-json-1.0"), header("x-amzn-ErrorType", error_type)];
        Step::respond(status, headers, body).labelled(&format!("json:{status}:{error_type}"))
    }

    /// An awsQuery error (STS, SES, IAM, SQS query mode...).
    pub fn query_error(status: u16, code: &str, message: &str) -> Step {
        let kind = if status < 500 { "Sender" } else { "Receiver" };
        let body = format!(
            "<ErrorResponse xmlns=\"https://fault.invalid/doc/2010-05-08/\"><Error><Type>{kind}</Type>\
             <Code>{}</Code><Message>{}</Message></Error><RequestId>FAULTREQUESTID</RequestId>\
             </ErrorResponse>",
            xml_escape(code),
            xml_escape(message)
        );
        let headers = vec![header("Content-Type", "text/xml")];
        Step::respond(status, headers, body).labelled(&format!("query:{status}:{code}"))
    }

    /// An EC2 error: `<Response><Errors><Error><Code>CODE</Code>...`.
    pub fn ec2_error(status: u16, code: &str, message: &str) -> Step {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code>\
             <Message>{}</Message></Error></Errors><RequestID>FAULTREQUESTID</RequestID></Response>",
            xml_escape(code),
            xml_escape(message)
        );
        let headers = vec![header("Content-Type", "text/xml;charset=UTF-8")];
        Step::respond(status, headers, body).labelled(&format!("ec2:{status}:{code}"))
    }

    /// This step, after waiting `delay`.
    pub fn delayed(mut self, delay: Duration) -> Step {
        self.delay = delay;
        self.label = format!("{}@{}", self.label, delay.as_millis());
        self
    }

    /// This step under another label.
    pub fn labelled(mut self, label: &str) -> Step {
        self.label = label.to_owned();
        self
    }

    /// Parses one token (see the module documentation) into one or more steps.
    pub fn parse(token: &str, options: &ParseOptions) -> Result<Vec<Step>, ParseError> {
        let token = token.trim();
        let bad = |reason| ParseError { token: token.to_owned(), reason };
        let (rest, repeat) = match token.rsplit_once('*') {
            Some((rest, n)) => (rest, n.parse::<usize>().map_err(|_| bad("*N needs a count"))?),
            None => (token, 1),
        };
        if repeat == 0 || repeat > 100_000 {
            return Err(bad("repeat count must be 1..=100000"));
        }
        let (kind, delay) = match rest.rsplit_once('@') {
            Some((kind, ms)) => {
                let ms = ms.parse::<u64>().map_err(|_| bad("@MS needs milliseconds"))?;
                (kind, Some(Duration::from_millis(ms)))
            }
            None => (rest, None),
        };
        let mut step = Step::parse_kind(kind, options).map_err(bad)?;
        if let Some(delay) = delay {
            step = step.delayed(delay);
        }
        Ok(vec![step; repeat])
    }

    fn parse_kind(kind: &str, options: &ParseOptions) -> Result<Step, &'static str> {
        let lower = kind.to_ascii_lowercase();
        let step = match lower.as_str() {
            "ok" => Step::ok_with(options.ok_body.clone(), &options.ok_content_type),
            "500" => Step::s3_error(500, "InternalError", "We encountered an internal error. Please try again.")
                .labelled("500"),
            "503" | "slowdown" => Step::s3_error(503, "SlowDown", "Please reduce your request rate.").labelled(&lower),
            "throttle" => Step::json_error(400, "ThrottlingException", "Rate exceeded").labelled("throttle"),
            "reset" => Step::reset(),
            _ => return Step::parse_parts(kind),
        };
        Ok(step)
    }

    fn parse_parts(kind: &str) -> Result<Step, &'static str> {
        let status_of = |text: &str| match text.parse::<u16>() {
            Ok(status) if (100..=599).contains(&status) => Ok(status),
            _ => Err("status must be a number in 100..=599"),
        };
        let parts: Vec<&str> = kind.splitn(3, ':').collect();
        match parts.as_slice() {
            [status] => Ok(Step::respond(status_of(status)?, Vec::new(), Vec::new())),
            [style, status, code] if !code.is_empty() => {
                let status = status_of(status)?;
                let message = "Injected by stratus-fault-server";
                match style.to_ascii_lowercase().as_str() {
                    "s3" => Ok(Step::s3_error(status, code, message)),
                    "json" => Ok(Step::json_error(status, code, message)),
                    "query" => Ok(Step::query_error(status, code, message)),
                    "ec2" => Ok(Step::ec2_error(status, code, message)),
                    _ => Err("error style must be s3, json, query or ec2"),
                }
            }
            _ => Err("unknown step"),
        }
    }
}

/// The steps for requests 1, 2, 3..., and the step for every request after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    steps: Vec<Step>,
    after: Step,
}

impl Default for Script {
    /// Every request gets an empty 200.
    fn default() -> Self {
        Script::new(Vec::new())
    }
}

impl Script {
    /// These steps, then `ok` for every further request.
    pub fn new(steps: Vec<Step>) -> Script {
        Script { steps, after: Step::ok() }
    }

    /// Parses the text form with default [`ParseOptions`].
    pub fn parse(text: &str) -> Result<Script, ParseError> {
        Script::parse_with(text, &ParseOptions::default())
    }

    /// Parses the text form. An empty text is an empty script (every request gets `ok`).
    pub fn parse_with(text: &str, options: &ParseOptions) -> Result<Script, ParseError> {
        let mut steps = Vec::new();
        for token in text.split(',').filter(|t| !t.trim().is_empty()) {
            steps.extend(Step::parse(token, options)?);
        }
        Ok(Script { steps, after: Step::ok_with(options.ok_body.clone(), &options.ok_content_type) })
    }

    /// Sets the step for requests past the end of the script.
    pub fn then(mut self, after: Step) -> Script {
        self.after = after;
        self
    }

    /// The step for request number `seq` (1-based).
    pub fn step(&self, seq: u64) -> &Step {
        usize::try_from(seq.saturating_sub(1)).ok().and_then(|i| self.steps.get(i)).unwrap_or(&self.after)
    }

    /// The scripted steps (without the "after" step).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
}

impl FromStr for Script {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Script, ParseError> {
        Script::parse(text)
    }
}

impl TryFrom<&str> for Script {
    type Error = ParseError;
    fn try_from(text: &str) -> Result<Script, ParseError> {
        Script::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(step: &Step) -> Option<u16> {
        match &step.action {
            Action::Respond(r) => Some(r.status),
            Action::Reset => None,
        }
    }

    #[test]
    fn parses_the_named_steps() {
        let script = Script::parse("500, 503,slowdown,THROTTLE,reset,ok,404").expect("parse");
        let got: Vec<_> = script.steps().iter().map(|s| (s.label.as_str(), status(s))).collect();
        assert_eq!(
            got,
            [
                ("500", Some(500)),
                ("503", Some(503)),
                ("slowdown", Some(503)),
                ("throttle", Some(400)),
                ("reset", None),
                ("ok", Some(200)),
                ("404", Some(404)),
            ]
        );
        assert_eq!(script.step(8).label, "ok", "past the end: the after step");
    }

    #[test]
    fn error_bodies_carry_the_codes() {
        let body = |step: &Step| match &step.action {
            Action::Respond(r) => String::from_utf8(r.body.clone()).expect("utf8"),
            Action::Reset => String::new(),
        };
        let script =
            Script::parse("500,503,throttle,s3:400:RequestTimeout,query:400:Throttling,ec2:503:RequestLimitExceeded")
                .expect("parse");
        let steps = script.steps();
        assert!(body(&steps[0]).contains("<Code>InternalError</Code>"));
        assert!(body(&steps[1]).contains("<Code>SlowDown</Code>"));
        assert_eq!(body(&steps[2]), r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#);
        assert!(body(&steps[3]).contains("<Code>RequestTimeout</Code>"));
        assert!(body(&steps[4]).contains("<ErrorResponse") && body(&steps[4]).contains("<Code>Throttling</Code>"));
        assert!(body(&steps[5]).contains("<Errors><Error><Code>RequestLimitExceeded</Code>"));
        match &steps[2].action {
            Action::Respond(r) => assert!(r
                .headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("x-amzn-errortype") && v == "ThrottlingException")),
            Action::Reset => panic!("throttle must respond"),
        }
    }

    #[test]
    fn delays_and_repeats() {
        let script = Script::parse("500*2,ok@250,reset@10*2").expect("parse");
        let labels: Vec<_> = script.steps().iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["500", "500", "ok@250", "reset@10", "reset@10"]);
        assert_eq!(script.steps()[2].delay, Duration::from_millis(250));
    }

    #[test]
    fn ok_body_comes_from_the_options() {
        let options = ParseOptions { ok_body: b"hello".to_vec(), ok_content_type: "text/plain".into() };
        let script = Script::parse_with("ok", &options).expect("parse");
        for step in [&script.steps()[0], script.step(99)] {
            match &step.action {
                Action::Respond(r) => assert_eq!(r.body, b"hello"),
                Action::Reset => panic!("ok must respond"),
            }
        }
    }

    #[test]
    fn rejects_what_it_does_not_know() {
        for bad in ["teapot", "600", "ok@soon", "500*0", "500*x", "xml:500:X", "s3:500:", "s3:abc:X"] {
            assert!(Script::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert_eq!(Script::parse(" , ").expect("empty").steps().len(), 0);
    }
}
