//! The server: a listener thread on 127.0.0.1, one thread per connection, a shared
//! script position and log, and a watchdog that stops everything at the deadline.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::http::{write_response, Conn, Outgoing, ReadError, Request};
use crate::log::{log_json, RequestRecord};
use crate::script::{Action, ParseOptions, Script, Step};

/// How often blocked threads look at the stop flag.
const POLL: Duration = Duration::from_millis(50);

/// Limits and script of a [`FaultServer`].
#[derive(Debug, Clone)]
pub struct Options {
    /// What to answer.
    pub script: Script,
    /// Used by `POST /__script` to parse a new script (the body of `ok` answers).
    pub parse_options: ParseOptions,
    /// The server stops by itself this long after it started.
    pub max_duration: Duration,
    /// The server stops by itself after answering this many scripted requests.
    pub max_requests: u64,
    /// Write one line per request to stderr.
    pub verbose: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            script: Script::default(),
            parse_options: ParseOptions::default(),
            max_duration: Duration::from_secs(120),
            max_requests: 10_000,
            verbose: false,
        }
    }
}

#[derive(Debug)]
struct State {
    script: Script,
    /// Scripted requests seen since the script was (re)set.
    count: u64,
    log: Vec<RequestRecord>,
}

#[derive(Debug)]
struct Shared {
    addr: SocketAddr,
    started: Instant,
    stop: AtomicBool,
    /// Scripted requests answered in all, for `max_requests`.
    answered: AtomicU64,
    state: Mutex<State>,
    options: Options,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the stop flag and wakes the listener thread out of `accept`.
    fn request_stop(&self) {
        if !self.stop.swap(true, Ordering::SeqCst) {
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps `duration`, waking early if the server stops.
    fn sleep(&self, duration: Duration) {
        let until = Instant::now() + duration;
        while !self.stopped() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            thread::sleep(left.min(POLL));
        }
    }
}

/// A running fault server. Dropping it stops it.
#[derive(Debug)]
pub struct FaultServer {
    shared: Arc<Shared>,
    listener_thread: Option<JoinHandle<()>>,
}

impl FaultServer {
    /// Starts a server on 127.0.0.1 (a free port) that answers with `script`, with the
    /// default limits (120 s, 10 000 requests).
    pub fn start(script: Script) -> io::Result<FaultServer> {
        FaultServer::start_with(Options { script, ..Options::default() })
    }

    /// Starts a server with these options.
    pub fn start_with(options: Options) -> io::Result<FaultServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            addr,
            started: Instant::now(),
            stop: AtomicBool::new(false),
            answered: AtomicU64::new(0),
            state: Mutex::new(State { script: options.script.clone(), count: 0, log: Vec::new() }),
            options,
        });
        let watchdog = Arc::clone(&shared);
        thread::Builder::new().name("fault-watchdog".into()).spawn(move || {
            let deadline = watchdog.started + watchdog.options.max_duration;
            watchdog.sleep(deadline.saturating_duration_since(Instant::now()));
            watchdog.request_stop();
        })?;
        let accepting = Arc::clone(&shared);
        let listener_thread =
            thread::Builder::new().name("fault-listener".into()).spawn(move || accept_loop(&listener, &accepting))?;
        Ok(FaultServer { shared, listener_thread: Some(listener_thread) })
    }

    /// The port it listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.shared.addr.port()
    }

    /// Its socket address.
    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// Every scripted request so far, in arrival order.
    pub fn log(&self) -> Vec<RequestRecord> {
        self.shared.state().log.clone()
    }

    /// The log as JSON, as `GET /__log` serves it.
    pub fn log_json(&self) -> String {
        log_json(&self.shared.state().log)
    }

    /// Replaces the script; the next request gets its first step. Clears the log.
    pub fn set_script(&self, script: Script) {
        let mut state = self.shared.state();
        state.script = script;
        state.count = 0;
        state.log.clear();
    }

    /// Whether it still accepts requests.
    pub fn is_running(&self) -> bool {
        !self.shared.stopped()
    }

    /// Blocks until the server stops by itself (deadline, request limit, `POST /__shutdown`).
    pub fn wait(mut self) {
        self.join();
    }

    /// Stops the server and waits for its threads.
    pub fn stop(mut self) {
        self.shared.request_stop();
        self.join();
    }

    fn join(&mut self) {
        if let Some(handle) = self.listener_thread.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.request_stop();
        self.join();
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    let mut connection = 0u64;
    for stream in listener.incoming() {
        if shared.stopped() {
            break;
        }
        let Ok(stream) = stream else { continue };
        connection += 1;
        let worker_shared = Arc::clone(shared);
        let id = connection;
        let spawned = thread::Builder::new()
            .name(format!("fault-conn-{id}"))
            .spawn(move || serve_connection(stream, id, &worker_shared));
        if let Ok(handle) = spawned {
            workers.push(handle);
        }
        workers.retain(|w| !w.is_finished());
    }
    shared.stop.store(true, Ordering::SeqCst);
    for worker in workers {
        let _ = worker.join();
    }
}

fn serve_connection(stream: TcpStream, connection: u64, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(POLL));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_nodelay(true);
    let mut conn = Conn::new(stream, &shared.stop);
    loop {
        let request = match conn.read_head() {
            Ok(request) => request,
            Err(ReadError::Malformed(why)) => {
                let body = format!("malformed request: {why}\n");
                let _ = respond(&mut conn, 400, &[], body.as_bytes(), true, "FAULT0", false);
                return;
            }
            Err(ReadError::Io(e)) => {
                if shared.options.verbose {
                    eprintln!("fault-server: conn {connection}: {e}");
                }
                return;
            }
            Err(ReadError::Closed | ReadError::Stopped) => return,
        };
        let keep_going = if request.target.starts_with("/__") {
            control(&mut conn, &request, shared)
        } else {
            scripted(&mut conn, &request, connection, shared)
        };
        if !keep_going || request.wants_close || shared.stopped() {
            return;
        }
    }
}

fn respond(
    conn: &mut Conn<'_>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    close: bool,
    request_id: &str,
    head_only: bool,
) -> io::Result<()> {
    let out = Outgoing { status, headers, body, head_only, close, request_id };
    write_response(&mut conn.stream, &out)
}

/// `/__log`, `/__script`, `/__reset`, `/__shutdown`, `/__health`: not scripted, not logged.
fn control(conn: &mut Conn<'_>, request: &Request, shared: &Shared) -> bool {
    let body = match conn.read_body(request) {
        Ok((_, body)) => body,
        Err(_) => return false,
    };
    let text = [("Content-Type".to_owned(), "text/plain".to_owned())];
    let json = [("Content-Type".to_owned(), "application/json".to_owned())];
    let path = request.target.split('?').next().unwrap_or("");
    let result = match (request.method.as_str(), path) {
        ("GET", "/__log") => {
            let log = log_json(&shared.state().log);
            respond(conn, 200, &json, log.as_bytes(), false, "FAULTCTL", false)
        }
        ("GET", "/__health") => respond(conn, 200, &text, b"ok\n", false, "FAULTCTL", false),
        ("POST" | "PUT", "/__script") => {
            match Script::parse_with(&String::from_utf8_lossy(&body), &shared.options.parse_options) {
                Ok(script) => {
                    let mut state = shared.state();
                    state.script = script;
                    state.count = 0;
                    state.log.clear();
                    drop(state);
                    respond(conn, 200, &text, b"ok\n", false, "FAULTCTL", false)
                }
                Err(e) => respond(conn, 400, &text, format!("{e}\n").as_bytes(), false, "FAULTCTL", false),
            }
        }
        ("POST", "/__reset") => {
            let mut state = shared.state();
            state.count = 0;
            state.log.clear();
            drop(state);
            respond(conn, 200, &text, b"ok\n", false, "FAULTCTL", false)
        }
        ("POST", "/__shutdown") => {
            let _ = respond(conn, 200, &text, b"stopping\n", true, "FAULTCTL", false);
            shared.request_stop();
            return false;
        }
        _ => respond(conn, 404, &text, b"unknown control endpoint\n", false, "FAULTCTL", false),
    };
    result.is_ok()
}

/// Logs the request, applies its step. Returns whether the connection stays open.
fn scripted(conn: &mut Conn<'_>, request: &Request, connection: u64, shared: &Shared) -> bool {
    let at = shared.started.elapsed();
    let unix_ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let (body_len, body) = match conn.read_body(request) {
        Ok(read) => read,
        Err(_) => return false,
    };
    let (seq, step): (u64, Step) = {
        let mut state = shared.state();
        state.count += 1;
        let seq = state.count;
        let step = state.script.step(seq).clone();
        state.log.push(RequestRecord {
            seq,
            connection,
            at,
            unix_ms,
            method: request.method.clone(),
            target: request.target.clone(),
            headers: request.headers.clone(),
            body_len,
            body,
            step: step.label.clone(),
        });
        (seq, step)
    };
    if shared.options.verbose {
        eprintln!(
            "fault-server: #{seq} conn {connection} {:.3}s {} {} -> {}",
            at.as_secs_f64(),
            request.method,
            request.target,
            step.label
        );
    }
    shared.sleep(step.delay);
    let last = shared.answered.fetch_add(1, Ordering::SeqCst) + 1 >= shared.options.max_requests;
    let keep_open = match &step.action {
        Action::Reset => false,
        Action::Respond(r) => {
            let id = format!("FAULT{seq:06}");
            let head_only = request.method.eq_ignore_ascii_case("HEAD");
            let close = last || request.wants_close;
            respond(conn, r.status, &r.headers, &r.body, close, &id, head_only).is_ok() && !close
        }
    };
    if last {
        shared.request_stop();
    }
    keep_open
}
