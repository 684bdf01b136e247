//! `ringtrace serve`: settings from flags, environment and a TOML file,
//! validated into the server's configuration, then the server until SIGINT
//! or SIGTERM.

use crate::args::ServeArgs;
use anyhow::{bail, Context, Result};
use ringtrace_exchange::remote::{Remote, RemoteSpec};
use ringtrace_server::{Limits, PsiSettings, ServerConfig, SyncDirection, SyncJob};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// The TOML file's settings; every one optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    addr: Option<String>,
    db: Option<String>,
    log_format: Option<String>,
    read_connections: Option<usize>,
    key_cache_seconds: Option<u64>,
    #[serde(default)]
    limits: FileLimits,
    /// Scheduled exchanges with TAXII servers, one table each.
    #[serde(default)]
    sync: Vec<FileSync>,
    /// Private matching: what a PSI session answered here reveals, and the limits.
    #[serde(default)]
    psi: FilePsi,
}

/// The `[psi]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePsi {
    /// `items` (the initiator learns the common values), `cardinality`
    /// (only their number) [default: items].
    reveal: Option<String>,
    /// With `cardinality`: let the initiator ask for the items afterwards.
    reveal_later: Option<bool>,
    /// Whether the initiator tells this instance which of its values are
    /// common [default: true].
    share_matches: Option<bool>,
    max_set_size: Option<usize>,
    max_elements_per_day: Option<u64>,
    max_sessions_per_day: Option<u64>,
    /// The most restrictive marking whose values are offered [default: amber].
    tlp_max: Option<String>,
    max_oprf_per_day: Option<u64>,
}

/// One `[[sync]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSync {
    /// `pull` or `push`.
    direction: String,
    /// The TAXII API root.
    from: String,
    collection: String,
    /// The key, or the name of an environment variable holding it
    /// (`token_env`), so that the file need not hold a secret.
    token: Option<String>,
    token_env: Option<String>,
    user: Option<String>,
    partner: Option<String>,
    /// Seconds between runs [default: 900].
    every_seconds: Option<u64>,
    #[serde(default)]
    without_definitions: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLimits {
    max_body_bytes: Option<usize>,
    max_batch: Option<usize>,
    max_lookup_values: Option<usize>,
    request_timeout_seconds: Option<u64>,
    max_page: Option<usize>,
    requests_per_second_per_key: Option<u32>,
    burst_per_key: Option<u32>,
}

fn read_file(path: &Path) -> Result<FileSettings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the settings file {}", path.display()))?;
    toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Whether `--db` or `RINGTRACE_DB` was given (else the file's `db` counts).
fn db_given() -> bool {
    std::env::var_os("RINGTRACE_DB").is_some()
        || std::env::args().any(|a| a == "--db" || a.starts_with("--db="))
}

/// Flags over environment over file over defaults, checked.
pub fn settle(db: &str, args: &ServeArgs) -> Result<(ServerConfig, LogFormat)> {
    let file = match &args.config {
        Some(p) => read_file(p)?,
        None => FileSettings::default(),
    };
    let addr_text = args
        .addr
        .clone()
        .or(file.addr)
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let addr: SocketAddr = addr_text
        .parse()
        .with_context(|| format!("--addr {addr_text}: not an address like 127.0.0.1:8080"))?;
    let db = match (&file.db, db_given()) {
        (Some(f), false) => f.clone(),
        _ => db.to_string(),
    };
    let log = match args
        .log_format
        .as_deref()
        .or(file.log_format.as_deref())
        .unwrap_or("text")
    {
        "text" => LogFormat::Text,
        "json" => LogFormat::Json,
        other => bail!("--log-format {other}: expected text or json"),
    };
    let defaults = Limits::default();
    let l = &file.limits;
    let limits = Limits {
        max_body_bytes: l.max_body_bytes.unwrap_or(defaults.max_body_bytes),
        max_batch: l.max_batch.unwrap_or(defaults.max_batch),
        max_lookup_values: l.max_lookup_values.unwrap_or(defaults.max_lookup_values),
        request_timeout: l
            .request_timeout_seconds
            .map_or(defaults.request_timeout, Duration::from_secs),
        max_page: l.max_page.unwrap_or(defaults.max_page),
        requests_per_second_per_key: l
            .requests_per_second_per_key
            .unwrap_or(defaults.requests_per_second_per_key),
        burst_per_key: l.burst_per_key.unwrap_or(defaults.burst_per_key),
    };
    for (name, v) in [
        ("max_body_bytes", limits.max_body_bytes),
        ("max_batch", limits.max_batch),
        ("max_lookup_values", limits.max_lookup_values),
        ("max_page", limits.max_page),
        ("burst_per_key", limits.burst_per_key as usize),
        (
            "request_timeout_seconds",
            limits.request_timeout.as_secs() as usize,
        ),
    ] {
        if v == 0 {
            bail!("limits.{name} must be at least 1");
        }
    }
    let mut config = ServerConfig::new(addr, db);
    config.limits = limits;
    config.read_connections = args.read_connections.or(file.read_connections).unwrap_or(4);
    if config.read_connections == 0 || config.read_connections > 256 {
        bail!("--read-connections must be from 1 to 256");
    }
    if let Some(s) = file.key_cache_seconds {
        config.key_cache = Duration::from_secs(s);
    }
    for (i, j) in file.sync.iter().enumerate() {
        config.sync.push(sync_job(i, j)?);
    }
    config.psi = psi_settings(&file.psi)?;
    Ok((config, log))
}

/// The `[psi]` table, checked.
fn psi_settings(f: &FilePsi) -> Result<PsiSettings> {
    use ringtrace_psi::RevealLevel;
    let mut s = PsiSettings::default();
    s.policy.responder_reveals = match f.reveal.as_deref() {
        None | Some("items") => RevealLevel::Reveal,
        Some("cardinality") => RevealLevel::CardinalityOnly,
        Some(other) => bail!("psi.reveal: `{other}`: expected items or cardinality"),
    };
    if let Some(b) = f.share_matches {
        s.policy.initiator_shares_matches = b;
    }
    s.reveal_later = f.reveal_later.unwrap_or(false);
    if s.reveal_later && s.policy.responder_reveals == RevealLevel::Reveal {
        bail!("psi.reveal_later goes with reveal = \"cardinality\"");
    }
    if let Some(t) = &f.tlp_max {
        s.tlp_max = t.parse().map_err(|e| anyhow::anyhow!("psi.tlp_max: {e}"))?;
    }
    s.max_set_size = f.max_set_size.unwrap_or(s.max_set_size);
    s.max_elements_per_day = f.max_elements_per_day.unwrap_or(s.max_elements_per_day);
    s.max_sessions_per_day = f.max_sessions_per_day.unwrap_or(s.max_sessions_per_day);
    s.max_oprf_per_day = f.max_oprf_per_day.unwrap_or(s.max_oprf_per_day);
    for (name, v) in [
        ("max_set_size", s.max_set_size as u64),
        ("max_elements_per_day", s.max_elements_per_day),
        ("max_sessions_per_day", s.max_sessions_per_day),
        ("max_oprf_per_day", s.max_oprf_per_day),
    ] {
        if v == 0 {
            bail!("psi.{name} must be at least 1");
        }
    }
    Ok(s)
}

/// A `[[sync]]` table, checked.
fn sync_job(i: usize, j: &FileSync) -> Result<SyncJob> {
    let at = format!("sync[{i}]");
    let direction = match j.direction.as_str() {
        "pull" => SyncDirection::Pull,
        "push" => SyncDirection::Push,
        other => bail!("{at}.direction: `{other}`: expected pull or push"),
    };
    let token = match (&j.token, &j.token_env) {
        (Some(_), Some(_)) => bail!("{at}: give token or token_env, not both"),
        (Some(t), None) => Some(t.clone()),
        (None, Some(var)) => Some(
            std::env::var(var)
                .with_context(|| format!("{at}.token_env: the environment has no `{var}`"))?,
        ),
        (None, None) => None,
    };
    let spec = RemoteSpec {
        from: j.from.clone(),
        collection: j.collection.clone(),
        token,
        user: j.user.clone(),
    };
    // The same checks as `ringtrace sync`, made now rather than at the
    // first run.
    Remote::new(&spec).map_err(|e| anyhow::anyhow!("{at}: {e}"))?;
    let every = j.every_seconds.unwrap_or(900);
    if every == 0 {
        bail!("{at}.every_seconds must be at least 1");
    }
    Ok(SyncJob {
        direction,
        remote: spec,
        every: Duration::from_secs(every),
        partner: j.partner.clone(),
        without_definitions: j.without_definitions,
    })
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RINGTRACE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub fn run(db: &str, args: &ServeArgs) -> Result<ExitCode> {
    let (config, log) = settle(db, args)?;
    init_logs(log);
    serve(config, false, |addr| {
        println!(
            "ringtrace serving on http://{addr} (API under /v1, description at /openapi.json)"
        );
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the app, binds (to a free port when `fallback_port` and the
/// address is taken), calls `ready` with the address, serves until a signal.
pub fn serve(
    config: ServerConfig,
    fallback_port: bool,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let addr = config.addr;
    let app = ringtrace_server::build(config).context("opening the database for the server")?;
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(_) if fallback_port => tokio::net::TcpListener::bind(SocketAddr::new(addr.ip(), 0))
                .await
                .with_context(|| format!("listening on {}", addr.ip()))?,
            Err(e) => return Err(anyhow::anyhow!("cannot listen on {addr}: {e}")),
        };
        // Handlers first: whoever reads the ready line may signal at once.
        let shutdown = ringtrace_server::shutdown_signal();
        ready(listener.local_addr()?);
        ringtrace_server::serve(app, listener, shutdown)
            .await
            .context("serving")
    })
}
