//! Configuration from environment variables (the README's table). Read once at start-up;
//! an unusable value stops the start with a sentence an operator can act on.

use app::email::sender::MailSettings;
use app::plumbing::address::TrustedProxies;
use std::net::SocketAddr;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/linkway.db";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines, for development.
    Pretty,
    /// One JSON object per line, for log collectors in production.
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    pub environment: Environment,
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// Secret that signs session tokens (`LINKWAY_JWT_SECRET`); used by sign-in.
    pub jwt_secret: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`LINKWAY_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// Email: the SMTP server (`LINKWAY_SMTP_URL`), From address (`LINKWAY_MAIL_FROM`),
    /// the address links point at (`LINKWAY_PUBLIC_URL`) and how often the outbox is sent
    /// (`LINKWAY_MAIL_POLL_SECONDS`).
    pub mail: MailSettings,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("environment", &self.environment)
            .field(
                "database_url",
                &app::plumbing::db::redact(&self.database_url),
            )
            .field("site_addr", &self.site_addr)
            .field("site_root", &self.site_root)
            .field("log_filter", &self.log_filter)
            .field("log_format", &self.log_format)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("trusted_proxies", &self.trusted_proxies)
            .field("mail", &self.mail)
            .finish()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{name} must be {expected} (got {value:?})")]
    Invalid {
        name: &'static str,
        expected: &'static str,
        value: String,
    },
    #[error("{0}")]
    Secret(&'static str),
    /// A setting another one makes necessary.
    #[error("{0}")]
    Required(&'static str),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let environment = match get("LINKWAY_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => return Err(invalid("LINKWAY_ENV", "development or production", other)),
        };
        let site_addr_text = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_SITE_ADDR.into());
        let site_addr = site_addr_text.parse().map_err(|_| {
            invalid(
                "LEPTOS_SITE_ADDR",
                "an address such as 127.0.0.1:3000",
                &site_addr_text,
            )
        })?;
        let log_format = match get("LINKWAY_LOG_FORMAT").as_deref() {
            Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            None if environment == Environment::Production => LogFormat::Json,
            None => LogFormat::Pretty,
            Some(other) => return Err(invalid("LINKWAY_LOG_FORMAT", "pretty or json", other)),
        };
        let trusted_proxies = TrustedProxies::parse(
            &get("LINKWAY_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|entry| {
            invalid(
                "LINKWAY_TRUSTED_PROXIES",
                "a comma-separated list of IP addresses or networks such as 10.0.0.0/8",
                &entry,
            )
        })?;
        let poll_text = get("LINKWAY_MAIL_POLL_SECONDS").unwrap_or_else(|| "30".into());
        let poll = poll_text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|seconds| (1..=3600).contains(seconds))
            .ok_or_else(|| {
                invalid(
                    "LINKWAY_MAIL_POLL_SECONDS",
                    "a whole number of seconds from 1 to 3600",
                    &poll_text,
                )
            })?;
        let smtp_url = get("LINKWAY_SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                // Not echoed: it may hold a password.
                return Err(invalid(
                    "LINKWAY_SMTP_URL",
                    "an address such as smtp://mail.example.org:587?tls=required or smtps://user:password@mail.example.org",
                    "(not shown)",
                ));
            }
        }
        if environment == Environment::Production
            && smtp_url.is_some()
            && get("LINKWAY_PUBLIC_URL").is_none()
        {
            return Err(ConfigError::Required(
                "LINKWAY_PUBLIC_URL is required when LINKWAY_ENV=production sends email: the links in messages start with it",
            ));
        }
        let public_url = get("LINKWAY_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{site_addr_text}"))
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            return Err(invalid(
                "LINKWAY_PUBLIC_URL",
                "the address people open Linkway at, such as https://linkway.example.nhs.uk",
                &public_url,
            ));
        }
        let mail = MailSettings {
            smtp_url,
            from: get("LINKWAY_MAIL_FROM").unwrap_or_else(|| "Linkway <linkway@localhost>".into()),
            public_url,
            poll: std::time::Duration::from_secs(poll),
        };
        Ok(Self {
            mail,
            environment,
            database_url: get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            site_addr,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| DEFAULT_SITE_ROOT.into()),
            log_filter: get("LINKWAY_LOG")
                .or_else(|| get("RUST_LOG"))
                .unwrap_or_else(|| "info,sqlx=warn".into()),
            log_format,
            jwt_secret: get("LINKWAY_JWT_SECRET"),
            trusted_proxies,
        })
    }

    /// The key that signs session tokens. Outside development a secret of at least 32
    /// bytes is required; in development without one, a random key is made at start-up
    /// (sessions then end when Linkway restarts).
    pub fn session_secret(&self) -> Result<Vec<u8>, ConfigError> {
        use app::plumbing::session::MIN_SECRET_BYTES;
        match (&self.jwt_secret, &self.environment) {
            (Some(secret), _) if secret.len() >= MIN_SECRET_BYTES => Ok(secret.as_bytes().to_vec()),
            (Some(_), _) => Err(ConfigError::Secret(
                "LINKWAY_JWT_SECRET must be at least 32 bytes",
            )),
            (None, Environment::Production) => Err(ConfigError::Secret(
                "LINKWAY_JWT_SECRET is required when LINKWAY_ENV=production",
            )),
            (None, Environment::Development) => {
                let mut secret = vec![0u8; MIN_SECRET_BYTES];
                getrandom::fill(&mut secret).map_err(|_| {
                    ConfigError::Secret("no randomness to make a development session key")
                })?;
                Ok(secret)
            }
        }
    }

    /// `Secure` session cookies, relaxed only for development bound to loopback.
    pub fn secure_cookie(&self) -> bool {
        !(self.environment == Environment::Development && self.site_addr.ip().is_loopback())
    }

    pub fn leptos_options(&self) -> leptos::config::LeptosOptions {
        leptos::config::LeptosOptions::builder()
            .output_name(app::app::OUTPUT_NAME)
            .site_root(self.site_root.as_str())
            // The bundle's address carries its content's hash: a new build is a new address.
            .site_pkg_dir(format!(
                "pkg/{}",
                app::plumbing::assets::pkg_version(&self.site_root)
            ))
            .site_addr(self.site_addr)
            .build()
    }
}

fn invalid(name: &'static str, expected: &'static str, value: &str) -> ConfigError {
    ConfigError::Invalid {
        name,
        expected,
        value: value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn the_makefile_builds_the_bundle_under_the_name_the_pages_load() {
        let makefile = include_str!("../../Makefile");
        let built = makefile
            .lines()
            .find_map(|line| line.strip_prefix("OUTPUT_NAME := "));
        assert_eq!(built, Some(app::app::OUTPUT_NAME));
        let options = config(&[]).unwrap().leptos_options();
        assert_eq!(&*options.output_name, app::app::OUTPUT_NAME);
    }

    #[test]
    fn defaults_are_embedded_sqlite_on_loopback() {
        let config = config(&[]).unwrap();
        assert_eq!(config.database_url, "sqlite://data/linkway.db");
        assert_eq!(config.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.site_root, "target/site");
        assert_eq!(config.environment, Environment::Development);
        assert_eq!(config.log_format, LogFormat::Pretty);
        assert_eq!(config.jwt_secret, None);
        assert_eq!(config.trusted_proxies, TrustedProxies::default());
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks_and_anything_else_stops_the_start() {
        let trusted = config(&[("LINKWAY_TRUSTED_PROXIES", "10.0.0.5, 192.168.0.0/16")])
            .unwrap()
            .trusted_proxies;
        assert!(trusted.trusts("192.168.4.1".parse().unwrap()));
        assert!(!trusted.trusts("10.0.0.6".parse().unwrap()));
        let error = config(&[("LINKWAY_TRUSTED_PROXIES", "10.0.0.5, lb.internal")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "LINKWAY_TRUSTED_PROXIES must be a comma-separated list of IP addresses or networks \
             such as 10.0.0.0/8 (got \"lb.internal\")"
        );
    }

    #[test]
    fn production_logs_json_unless_told_otherwise() {
        assert_eq!(
            config(&[("LINKWAY_ENV", "production")]).unwrap().log_format,
            LogFormat::Json
        );
        let pretty = config(&[
            ("LINKWAY_ENV", "production"),
            ("LINKWAY_LOG_FORMAT", "pretty"),
        ]);
        assert_eq!(pretty.unwrap().log_format, LogFormat::Pretty);
    }

    #[test]
    fn email_is_off_until_an_smtp_address_is_given_and_links_point_at_linkway() {
        let default = config(&[]).unwrap();
        assert_eq!(default.mail.smtp_url, None);
        assert_eq!(default.mail.public_url, "http://127.0.0.1:3000");
        assert_eq!(default.mail.poll, std::time::Duration::from_secs(30));
        let set = config(&[
            (
                "LINKWAY_SMTP_URL",
                "smtp://user:pw@mail.example.org:587?tls=required",
            ),
            ("LINKWAY_PUBLIC_URL", "https://linkway.example.nhs.uk/"),
            ("LINKWAY_MAIL_POLL_SECONDS", "5"),
        ])
        .unwrap();
        assert_eq!(set.mail.relay().as_deref(), Some("mail.example.org:587"));
        assert_eq!(set.mail.public_url, "https://linkway.example.nhs.uk");
        assert!(!format!("{set:?}").contains("pw@"));
        let refused = config(&[("LINKWAY_SMTP_URL", "user:secret@mail.example.org")]).unwrap_err();
        assert!(!refused.to_string().contains("secret"), "{refused}");
        assert!(config(&[
            ("LINKWAY_ENV", "production"),
            ("LINKWAY_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("LINKWAY_SMTP_URL", "smtp://mail.example.org:25"),
        ])
        .is_err());
        assert!(config(&[("LINKWAY_MAIL_POLL_SECONDS", "0")]).is_err());
        assert!(config(&[("LINKWAY_PUBLIC_URL", "linkway.example")]).is_err());
    }

    #[test]
    fn bad_values_are_named_in_the_error() {
        let error = config(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert!(error.to_string().starts_with("LEPTOS_SITE_ADDR must be"));
        assert!(config(&[("LINKWAY_LOG_FORMAT", "xml")]).is_err());
        assert!(config(&[("LINKWAY_ENV", "staging")]).is_err());
    }

    #[test]
    fn production_refuses_to_start_without_a_long_secret() {
        let missing = config(&[("LINKWAY_ENV", "production")]).unwrap();
        assert!(missing.session_secret().is_err());
        let short = config(&[
            ("LINKWAY_ENV", "production"),
            ("LINKWAY_JWT_SECRET", "too-short"),
        ])
        .unwrap();
        assert!(short.session_secret().is_err());
        let good = config(&[
            ("LINKWAY_ENV", "production"),
            ("LINKWAY_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
        ])
        .unwrap();
        assert_eq!(good.session_secret().unwrap().len(), 32);
        assert!(good.secure_cookie());
    }

    #[test]
    fn development_on_loopback_makes_a_key_and_relaxes_secure() {
        let dev = config(&[]).unwrap();
        assert_eq!(dev.session_secret().unwrap().len(), 32);
        assert!(!dev.secure_cookie());
        let exposed = config(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).unwrap();
        assert!(exposed.secure_cookie());
    }

    #[test]
    fn debug_output_hides_secrets() {
        let config = config(&[
            ("DATABASE_URL", "postgres://linkway:hunter2@db/linkway"),
            (
                "LINKWAY_JWT_SECRET",
                "a-very-long-secret-value-of-32-bytes!",
            ),
        ])
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("a-very-long-secret"), "{shown}");
    }
}
