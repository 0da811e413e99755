//! The fault server driven over real loopback sockets by a tiny std-only client.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use stratus_fault_server::{FaultServer, Options, ParseOptions, Script, Step};

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(server: &FaultServer) -> TcpStream {
    let stream = TcpStream::connect(server.addr()).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream
}

/// Reads one response; `None` if the server closed the connection before a status line.
fn read_reply(stream: &mut TcpStream, head_request: bool) -> Option<Reply> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(0) | Err(_) => {
                assert!(buf.is_empty(), "connection ended inside a response head");
                return None;
            }
            Ok(_) => buf.push(byte[0]),
        }
    }
    let head = String::from_utf8(buf).expect("utf8 head");
    let mut lines = head.trim_end().split("\r\n");
    let status = lines.next().expect("status line").split(' ').nth(1).expect("code").parse().expect("number");
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("colon");
            (n.to_owned(), v.trim().to_owned())
        })
        .collect();
    let mut reply = Reply { status, headers, body: Vec::new() };
    if status == 100 {
        return Some(reply);
    }
    let len: usize = reply.header("content-length").expect("content-length").parse().expect("len");
    if !head_request {
        reply.body = vec![0; len];
        stream.read_exact(&mut reply.body).expect("body");
    }
    Some(reply)
}

fn send(stream: &mut TcpStream, method: &str, path: &str, extra: &str, body: &[u8]) {
    let head = format!("{method} {path} HTTP/1.1\r\nHost: fault\r\n{extra}Content-Length: {}\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
}

fn get(server: &FaultServer, path: &str) -> Option<Reply> {
    let mut stream = connect(server);
    send(&mut stream, "GET", path, "", b"");
    read_reply(&mut stream, false)
}

#[test]
fn answers_the_script_in_order_and_logs_each_attempt() {
    let options = ParseOptions { ok_body: b"<done/>".to_vec(), ..ParseOptions::default() };
    let script = Script::parse_with("500,503,throttle,reset,ok", &options).expect("script");
    let server = FaultServer::start(script).expect("start");
    let mut stream = connect(&server);

    send(&mut stream, "PUT", "/bucket/key?x-id=PutObject", "X-Attempt: 1\r\n", b"payload");
    let r = read_reply(&mut stream, false).expect("500");
    assert_eq!(r.status, 500);
    assert!(r.text().contains("<Code>InternalError</Code>"), "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/xml"));
    assert!(r.header("x-amz-request-id").is_some() && r.header("date").is_some());

    // Same connection: errors keep it open, as S3 does.
    send(&mut stream, "PUT", "/bucket/key?x-id=PutObject", "X-Attempt: 2\r\n", b"payload");
    let r = read_reply(&mut stream, false).expect("503");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("<Code>SlowDown</Code>"));

    send(&mut stream, "POST", "/", "X-Amz-Target: DynamoDB_20120810.ListTables\r\n", b"{}");
    let r = read_reply(&mut stream, false).expect("throttle");
    assert_eq!(r.status, 400);
    assert_eq!(r.text(), r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#);
    assert_eq!(r.header("x-amzn-errortype"), Some("ThrottlingException"));

    send(&mut stream, "GET", "/reset-me", "", b"");
    assert!(read_reply(&mut stream, false).is_none(), "reset: no response at all");

    let r = get(&server, "/bucket/key").expect("ok");
    assert_eq!((r.status, r.text().as_str()), (200, "<done/>"));
    let r = get(&server, "/past-the-end").expect("after");
    assert_eq!(r.status, 200, "past the script: ok");

    let log = server.log();
    let steps: Vec<_> = log.iter().map(|r| (r.seq, r.step.as_str(), r.connection)).collect();
    assert_eq!(steps, [(1, "500", 1), (2, "503", 1), (3, "throttle", 1), (4, "reset", 1), (5, "ok", 2), (6, "ok", 3)]);
    assert_eq!(log[0].method, "PUT");
    assert_eq!(log[0].path(), "/bucket/key");
    assert_eq!(log[0].target, "/bucket/key?x-id=PutObject");
    assert_eq!(log[1].header("x-attempt"), Some("2"));
    assert_eq!((log[0].body_len, log[0].body.as_slice()), (7, b"payload".as_slice()));
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at), "arrival times are in order");
    server.stop();
}

#[test]
fn log_endpoint_serves_json_and_is_not_logged_itself() {
    let server = FaultServer::start(Script::parse("500").expect("script")).expect("start");
    get(&server, "/a?b=c").expect("500");
    let r = get(&server, "/__log").expect("log");
    assert_eq!(r.header("content-type"), Some("application/json"));
    let json: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    let requests = json["requests"].as_array().expect("array");
    assert_eq!(requests.len(), 1, "control requests are not logged: {json}");
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(requests[0]["path"], "/a");
    assert_eq!(requests[0]["step"], "500");
    assert!(requests[0]["at_ms"].as_f64().is_some());
    assert!(requests[0]["headers"].as_array().expect("headers").iter().any(|h| h[0] == "Host" && h[1] == "fault"));
    assert_eq!(server.log_json(), String::from_utf8(r.body).expect("utf8"));
}

#[test]
fn script_can_be_replaced_over_http_and_in_process() {
    let server = FaultServer::start(Script::default()).expect("start");
    assert_eq!(get(&server, "/x").expect("ok").status, 200);

    let mut stream = connect(&server);
    send(&mut stream, "POST", "/__script", "", b"s3:400:RequestTimeout,ok");
    assert_eq!(read_reply(&mut stream, false).expect("set").status, 200);
    send(&mut stream, "POST", "/__script", "", b"teapot");
    assert_eq!(read_reply(&mut stream, false).expect("bad").status, 400);
    let r = get(&server, "/y").expect("error");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("<Code>RequestTimeout</Code>"));
    assert_eq!(server.log().len(), 1, "setting a script clears the log");

    server.set_script(Script::new(vec![Step::ec2_error(503, "RequestLimitExceeded", "slow down")]));
    let r = get(&server, "/z").expect("ec2");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("<Response><Errors><Error><Code>RequestLimitExceeded</Code>"));
    assert_eq!(server.log()[0].seq, 1);
}

#[test]
fn delay_holds_the_answer_back() {
    let server = FaultServer::start(Script::parse("ok@300,ok").expect("script")).expect("start");
    let started = Instant::now();
    assert_eq!(get(&server, "/slow").expect("slow").status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(get(&server, "/fast").expect("fast").status, 200);
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[test]
fn chunked_bodies_expect_continue_and_head() {
    let twelve = Step::ok_with("twelve bytes", "text/plain");
    let server = FaultServer::start(Script::new(vec![twelve.clone()]).then(twelve)).expect("start");
    let mut stream = connect(&server);
    let head = "PUT /obj HTTP/1.1\r\nHost: fault\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n";
    stream.write_all(head.as_bytes()).expect("head");
    assert_eq!(read_reply(&mut stream, false).expect("100").status, 100);
    stream.write_all(b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: t\r\n\r\n").expect("chunks");
    assert_eq!(read_reply(&mut stream, false).expect("200").text(), "twelve bytes");

    send(&mut stream, "HEAD", "/obj", "", b"");
    let r = read_reply(&mut stream, true).expect("head reply");
    assert_eq!((r.status, r.header("content-length")), (200, Some("12")));

    let log = server.log();
    assert_eq!((log[0].body_len, log[0].body.as_slice()), (11, b"hello world".as_slice()));
    assert_eq!(log[1].method, "HEAD");
}

#[test]
fn malformed_requests_get_400() {
    let server = FaultServer::start(Script::default()).expect("start");
    let mut stream = connect(&server);
    stream.write_all(b"NONSENSE\r\n\r\n").expect("write");
    let r = read_reply(&mut stream, false).expect("400");
    assert_eq!(r.status, 400);
    assert_eq!(r.header("connection"), Some("close"));
    assert!(server.log().is_empty());
}

#[test]
fn stops_after_max_requests() {
    let options = Options { max_requests: 2, ..Options::default() };
    let server = FaultServer::start_with(options).expect("start");
    assert_eq!(get(&server, "/1").expect("1").status, 200);
    let r = get(&server, "/2").expect("2");
    assert_eq!(r.header("connection"), Some("close"), "the last answer closes");
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.is_running() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!server.is_running());
    let addr = server.addr();
    server.wait();
    assert!(TcpStream::connect(addr).is_err(), "the port is closed once stopped");
}

#[test]
fn stops_after_max_duration_even_with_an_idle_connection_open() {
    let options = Options { max_duration: Duration::from_millis(300), ..Options::default() };
    let server = FaultServer::start_with(options).expect("start");
    let _idle = connect(&server);
    let started = Instant::now();
    server.wait();
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn shutdown_endpoint_and_binding() {
    let server = FaultServer::start(Script::default()).expect("start");
    assert!(server.addr().ip().is_loopback());
    assert_eq!(server.url(), format!("http://127.0.0.1:{}", server.port()));
    let mut stream = connect(&server);
    send(&mut stream, "POST", "/__shutdown", "", b"");
    assert_eq!(read_reply(&mut stream, false).expect("stopping").status, 200);
    server.wait();
}
