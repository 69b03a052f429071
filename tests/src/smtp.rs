//! A real SMTP server for the tests: `tests/smtp_sink.py` (Python's aiosmtpd, installed
//! from PyPI by `make deps-test`) as its own process, writing each message it receives as
//! a JSON file the test reads back. It refuses for good any recipient whose address starts
//! with "refused".

use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One message the sink received.
#[derive(Clone, Debug, Deserialize)]
pub struct Received {
    pub envelope_to: Vec<String>,
    pub from: String,
    pub to: String,
    pub cc: String,
    pub subject: String,
    pub body: String,
}

impl Received {
    /// The first `http…` address in the body that is a link into Linkway at `public_url`.
    pub fn link(&self, public_url: &str) -> Option<String> {
        self.body
            .split_whitespace()
            .find(|word| word.starts_with(public_url))
            .map(str::to_owned)
    }
}

/// The SMTP sink process; killed when dropped.
pub struct SmtpSink {
    pub port: u16,
    folder: PathBuf,
    child: Child,
}

impl SmtpSink {
    pub fn start() -> Self {
        Self::start_slow(0.0)
    }

    /// A sink that waits `delay` seconds before accepting each message.
    pub fn start_slow(delay: f64) -> Self {
        let port = crate::process::free_port();
        let folder =
            std::env::temp_dir().join(format!("linkway-smtp-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&folder).expect("the sink's folder");
        let mut child = Command::new("python3")
            .arg(crate::workspace_root().join("tests/smtp_sink.py"))
            .arg(port.to_string())
            .arg(&folder)
            .arg(delay.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the SMTP sink (make deps-test installs aiosmtpd)");
        let stdout = child.stdout.take().expect("the sink's output");
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        assert!(
            matches!(read, Ok(n) if n > 0) && line.trim() == "ready",
            "the SMTP sink did not start (is aiosmtpd installed? pip install aiosmtpd): {line:?}"
        );
        Self {
            port,
            folder,
            child,
        }
    }

    /// `smtp://127.0.0.1:<port>`, for `LINKWAY_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in the order received.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .expect("the sink's folder")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).expect("a received message");
                serde_json::from_str(&text).expect("the sink's JSON")
            })
            .collect()
    }

    /// Waits until at least `count` messages have arrived (or `within` passes) and answers
    /// what has.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count || started.elapsed() > within {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
