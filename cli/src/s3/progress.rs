//! The transfer progress bar of `s3 cp`: bytes done and total, rate and time left, on
//! stderr.
//!
//! Shown by default only when stderr is a terminal (redrawn in place at most ten times a
//! second, erased when done); `--progress` forces it (as one line per second when stderr
//! is not a terminal, so CI logs stay readable); `--no-progress` hides it.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use super::human_size;

/// When the bar is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// On a terminal only.
    Auto,
    /// Always (lines when stderr is not a terminal).
    Always,
    /// Never.
    Never,
}

/// How the bar is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Redrawn in place with `\r`.
    InPlace,
    /// One line per update.
    Lines,
    Hidden,
}

/// Width of the bar itself, in characters.
const BAR_WIDTH: usize = 24;

/// One transfer's progress bar.
#[derive(Debug)]
pub struct ProgressBar {
    label: String,
    total: Option<u64>,
    done: u64,
    started: Instant,
    last_draw: Option<Instant>,
    style: Style,
}

impl ProgressBar {
    /// A bar for a transfer of `total` bytes (when known) described by `label`.
    pub fn new(label: impl Into<String>, total: Option<u64>, mode: ProgressMode) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let style = match (mode, terminal) {
            (ProgressMode::Never, _) | (ProgressMode::Auto, false) => Style::Hidden,
            (_, true) => Style::InPlace,
            (ProgressMode::Always, false) => Style::Lines,
        };
        Self { label: label.into(), total, done: 0, started: Instant::now(), last_draw: None, style }
    }

    /// False when nothing will be drawn.
    pub fn is_visible(&self) -> bool {
        self.style != Style::Hidden
    }

    /// Sets the total once it is known (downloads learn it from the first response).
    pub fn set_total(&mut self, total: u64) {
        self.total = Some(total);
    }

    /// Records `done` bytes transferred so far and redraws when due.
    pub fn set(&mut self, done: u64) {
        self.done = done;
        let interval = match self.style {
            Style::InPlace => Duration::from_millis(100),
            // A line saying nothing happened yet is noise in a log.
            Style::Lines if done == 0 => return,
            Style::Lines => Duration::from_secs(1),
            Style::Hidden => return,
        };
        let due = self.last_draw.is_none_or(|at| at.elapsed() >= interval);
        if due {
            self.draw();
        }
    }

    /// Ends the bar: erased on a terminal, a last line otherwise.
    pub fn finish(&mut self) {
        let mut stderr = std::io::stderr().lock();
        let _ = match self.style {
            Style::InPlace => write!(stderr, "\r\x1b[K"),
            Style::Lines => writeln!(stderr, "{}", self.render(self.started.elapsed())),
            Style::Hidden => Ok(()),
        };
        let _ = stderr.flush();
        self.style = Style::Hidden;
    }

    fn draw(&mut self) {
        self.last_draw = Some(Instant::now());
        let line = self.render(self.started.elapsed());
        let mut stderr = std::io::stderr().lock();
        let _ = match self.style {
            Style::InPlace => write!(stderr, "\r\x1b[K{line}"),
            Style::Lines => writeln!(stderr, "{line}"),
            Style::Hidden => Ok(()),
        };
        let _ = stderr.flush();
    }

    /// `[#########...............]  4.5 MiB/12.0 MiB  9.0 MiB/s  ETA 0:01  upload: ...`
    fn render(&self, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64().max(0.001);
        let rate = self.done as f64 / seconds;
        let (bar, total, eta) = match self.total {
            Some(total) if total > 0 => {
                let fraction = (self.done as f64 / total as f64).clamp(0.0, 1.0);
                let filled = (fraction * BAR_WIDTH as f64).round() as usize;
                let left = total.saturating_sub(self.done) as f64;
                let eta = if rate > 0.0 { clock(left / rate) } else { "-:--".to_owned() };
                ("#".repeat(filled) + &".".repeat(BAR_WIDTH - filled), human_size(total), eta)
            }
            _ => (".".repeat(BAR_WIDTH), "?".to_owned(), "-:--".to_owned()),
        };
        format!("[{bar}] {}/{total}  {}/s  ETA {eta}  {}", human_size(self.done), human_size(rate as u64), self.label)
    }
}

/// Seconds as `m:ss` (or `h:mm:ss`).
fn clock(seconds: f64) -> String {
    let s = seconds.ceil() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_bytes_rate_and_eta() {
        let mut bar = ProgressBar::new("upload: f to s3://b/f", Some(12 * 1024 * 1024), ProgressMode::Never);
        bar.set(3 * 1024 * 1024);
        assert_eq!(
            bar.render(Duration::from_secs(1)),
            "[######..................] 3.0 MiB/12.0 MiB  3.0 MiB/s  ETA 0:03  upload: f to s3://b/f"
        );
    }

    #[test]
    fn unknown_totals_and_long_waits() {
        let bar = ProgressBar::new("download", None, ProgressMode::Never);
        assert!(bar.render(Duration::from_secs(1)).contains("0 Bytes/?"));
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(clock(59.2), "1:00");
    }
}
