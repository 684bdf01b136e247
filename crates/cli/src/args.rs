//! Command-line flags as parsed, before validation (see `config`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "ringtrace",
    version,
    about = "Links tech-support-scam reports into rings through shared indicators"
)]
pub struct Cli {
    /// Database: a SQLite file path, or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "RINGTRACE_DB",
        default_value = "ringtrace.db"
    )]
    pub db: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import reports (.jsonl, .json, .csv; `-` for standard input), extract indicators, update rings.
    Import(ImportArgs),
    /// List rings, largest first.
    Rings(RingsArgs),
    /// Print the indicators found in text on standard input.
    Extract(ExtractArgs),
    /// The verdict for one value: known or not, ring, report count, first and last seen, partners.
    Lookup(LookupArgs),
    /// Write a synthetic scam ecosystem with ground truth.
    Sim(SimArgs),
    /// Score the rings against ground truth (B-cubed and pairwise), beside naive connected components.
    Eval(EvalArgs),
    /// A fresh temporary database with a simulated ecosystem imported and linked.
    Demo(DemoArgs),
    /// One ring's profile: partners, brands, channels, countries, losses, top indicators, weekly activity, bridges, history.
    Ring(RingArgs),
    /// Why two reports are, or are not, in one ring.
    Explain(ExplainArgs),
    /// Analysts' warning list: values that never link (hubs) or that are not hubs whatever the graph suggests.
    #[command(subcommand)]
    Warninglist(WarninglistCommand),
    /// Recompute every ring from scratch (after warning-list changes, or to re-cluster).
    Relink,
    /// A consistent copy of the database, taken while it is in use (SQLite: checked before it is kept; PostgreSQL: pg_dump).
    Backup {
        /// The backup file to write; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Put a backup in place of the database (SQLite: checked first, then renamed over it atomically; PostgreSQL: pg_restore).
    Restore {
        /// The backup file.
        from: PathBuf,
        /// Replace an existing database (stop the server that uses it first).
        #[arg(long)]
        force: bool,
    },
    /// Check the database: its integrity, rings consistent with the reports, the audit chain; exit 1 on any problem.
    Check {
        /// Rebuild what is derived (rings, ring sizes, counters) when it is wrong.
        #[arg(long)]
        repair: bool,
    },
    /// Withdraw reports at their source: their content is erased, their rings relinked, and partners syncing over TAXII are told.
    Withdraw(WithdrawArgs),
    /// Benchmarks: incremental linking on a real database, extraction alone.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// The HTTP API (and web interface) as a service for partners.
    Serve(ServeArgs),
    /// Partners of the service: organisations that feed and read it.
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// API keys: made for a partner with a role, shown once, revoked at will.
    #[command(subcommand)]
    Key(KeyCommand),
    /// The audit log: every read of report content, export and key change.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Export for partners: a STIX 2.1 bundle or a MISP feed.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Exchange with a TAXII 2.1 server (another ringtrace, OpenCTI, medallion, …).
    #[command(subcommand)]
    Sync(SyncCommand),
    /// Private set intersection with another ringtrace: the values of one kind you both hold, and nothing else.
    Psi(PsiArgs),
    /// The values found in common by PSI so far, with their rings.
    PsiLinks {
        /// Only those of this ring.
        #[arg(long)]
        ring: Option<String>,
    },
    /// Whether values are among another ringtrace's scam values, through an oblivious PRF: the server never sees them.
    Oprf(OprfArgs),
    /// Investigations: cases opened on rings, with notes, tasks, referral to an agency, and the signed evidence package.
    Case(CaseArgs),
    /// Keys of this instance beyond API keys: `keys signing` signs evidence packages.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Checks an evidence package offline: every file's hash and the manifest's signature.
    Verify(VerifyArgs),
    /// Seized-device evidence: extracts imported into a case as exhibits, matched against the rings.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
}

#[derive(Args, Debug)]
pub struct PsiArgs {
    /// The other instance's address, e.g. https://peer.example:8080.
    #[arg(long)]
    pub with: String,
    /// A key the other instance made for this one.
    #[arg(long, env = "RINGTRACE_PSI_TOKEN")]
    pub token: String,
    /// phone, domain, url, email or crypto_wallet.
    #[arg(long, default_value = "phone")]
    pub kind: String,
    /// Only values of reports received since this day (YYYY-MM-DD), on both sides.
    #[arg(long)]
    pub since: Option<String>,
    /// After a count-only answer, ask for the items (when the other side allows it).
    #[arg(long)]
    pub reveal: bool,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct OprfArgs {
    /// The instance asked, e.g. https://peer.example:8080.
    #[arg(long)]
    pub server: String,
    /// A key of that instance (a `lookup` key will do).
    #[arg(long, env = "RINGTRACE_OPRF_TOKEN")]
    pub token: String,
    /// phone, domain, url, email or crypto_wallet.
    #[arg(long, default_value = "phone")]
    pub kind: String,
    /// The region of phone numbers written without their country code.
    #[arg(long)]
    pub region: Option<String>,
    /// The values to check.
    #[arg(required = true)]
    pub values: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// A STIX 2.1 bundle (standard output unless --out).
    Stix(ExportStixArgs),
    /// A MISP feed directory: manifest.json, one event per ring, hashes.csv.
    Misp(ExportMispArgs),
}

/// Which reports an export takes, shared by every export format.
#[derive(Args, Debug, Clone)]
pub struct ExportSelection {
    /// Only this ring's reports (R-…).
    #[arg(long)]
    pub ring: Option<String>,
    /// Only reports received at or after this time (RFC 3339 or YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only reports received before this time (RFC 3339 or YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// The most restrictive TLP marking exported: clear, green, amber, amber+strict, red [default: amber].
    #[arg(long)]
    pub tlp_max: Option<String>,
    /// Export only what this partner may see under TLP 2.0 (as its `partner` role would).
    #[arg(long, value_name = "PARTNER")]
    pub r#for: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExportStixArgs {
    #[command(flatten)]
    pub select: ExportSelection,
    /// Write the bundle to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Phone numbers, bank accounts and wallets as the `phone-number`,
    /// `bank-account` and `cryptocurrency-wallet` objects OpenCTI uses,
    /// rather than ringtrace's own extension types.
    #[arg(long)]
    pub opencti_types: bool,
}

#[derive(Args, Debug)]
pub struct ExportMispArgs {
    #[command(flatten)]
    pub select: ExportSelection,
    /// The feed's directory (created; files in it are replaced).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum ImportFrom {
    /// STIX 2.1 bundles (from OpenCTI, MISP's STIX export or another ringtrace).
    Stix(ImportStixArgs),
    /// MISP events (JSON, as MISP's API and feeds write them).
    Misp(ImportMispArgs),
}

#[derive(Args, Debug)]
pub struct ImportStixArgs {
    /// Bundle files; `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// The partner the reports are credited to when the bundle does not name a ringtrace partner.
    #[arg(long)]
    pub partner: Option<String>,
}

#[derive(Args, Debug)]
pub struct ImportMispArgs {
    /// Event files (`{"Event": …}`), or a feed directory; `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// The partner the reports are credited to [default: the event's organisation, as a slug].
    #[arg(long)]
    pub partner: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum SyncCommand {
    /// Fetch a collection's new objects and import them.
    Pull(SyncArgs),
    /// Send what TLP lets the server's partner have to a collection.
    Push(SyncArgs),
}

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// The TAXII API root (e.g. http://127.0.0.1:8080/taxii2/ringtrace/).
    #[arg(long)]
    pub from: String,
    /// The collection's id.
    #[arg(long)]
    pub collection: String,
    /// The key or password: `Bearer TOKEN` is sent unless --user is given.
    #[arg(long, env = "RINGTRACE_SYNC_TOKEN")]
    pub token: Option<String>,
    /// HTTP basic user (medallion and other servers); the password is --token.
    #[arg(long)]
    pub user: Option<String>,
    /// The partner pulled reports are credited to when the objects do not name one.
    #[arg(long)]
    pub partner: Option<String>,
    /// Push without ringtrace's `extension-definition` objects (medallion 3.0
    /// takes their `version` property for a timestamp and fails to page past
    /// them); the objects still name their extensions.
    #[arg(long)]
    pub without_definitions: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "RINGTRACE_ADDR")]
    pub addr: Option<String>,
    /// A TOML file of settings (`addr`, `db`, `log_format`, `read_connections`,
    /// `key_cache_seconds`, `[limits]`); flags and environment override it.
    #[arg(long, env = "RINGTRACE_CONFIG")]
    pub config: Option<PathBuf>,
    /// `text` or `json` (one JSON object per line) [default: text].
    #[arg(long, env = "RINGTRACE_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// Database connections kept for reads [default: 4].
    #[arg(long, env = "RINGTRACE_READ_CONNECTIONS")]
    pub read_connections: Option<usize>,
}

#[derive(Subcommand, Debug)]
pub enum PartnerCommand {
    /// Add a partner.
    Add {
        /// Its slug, `[a-z0-9][a-z0-9-]{0,63}`, as in its reports' `partner`.
        slug: String,
        /// Its name [default: the slug].
        #[arg(long, default_value = "")]
        name: String,
    },
    /// List partners.
    List,
    /// Disable a partner: its keys are refused until it is enabled.
    Disable { slug: String },
    /// Enable a disabled partner.
    Enable { slug: String },
}

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Make a key; it is printed once and stored only as a hash.
    Create {
        #[arg(long)]
        partner: String,
        /// admin, analyst, partner, investigator or lookup.
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Revoke a key by its id.
    Revoke { key_id: String },
    /// List keys (never their secrets).
    List {
        #[arg(long)]
        partner: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain: exit 1 naming the first entry changed or removed.
    Verify,
    /// Print the entries after a sequence number, as JSON Lines.
    List {
        #[arg(long, default_value_t = 0)]
        after: u64,
        #[arg(long, default_value_t = 100)]
        limit: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Adds or replaces the reports of FILE one at a time, each in its own
    /// transaction with its ring updated as an import would, and prints the
    /// latencies (all, and by kind of change) beside one full relink. It
    /// changes the database: run it on a copy.
    Incremental(BenchIncrementalArgs),
    /// Reads FILE's texts (JSON Lines with `text` and `region`, as `extract
    /// --jsonl` takes them), then times the extraction alone, as a library
    /// would run it, and prints one JSON line: texts, bytes of text, and
    /// the best of the rounds' CPU seconds (of the extracting thread, as the
    /// Python extractors are timed; wall-clock seconds beside) and MB/s.
    /// Needs no database.
    Extract(BenchExtractArgs),
}

#[derive(Args, Debug)]
pub struct BenchExtractArgs {
    /// JSON Lines of `{"text", "region"?}`.
    pub file: String,
    /// Times to extract every text (the fastest round is reported).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub rounds: u32,
    /// Time the first pass too: no untimed pass first (which compiles the
    /// patterns and fills the engines' caches, as the Python tools are timed
    /// after theirs).
    #[arg(long)]
    pub cold: bool,
}

#[derive(Args, Debug)]
pub struct BenchIncrementalArgs {
    /// Reports to add or replace (JSON Lines): each new, or a changed
    /// version of one in the database.
    pub additions: String,
    /// Skip the full relink measured for comparison.
    #[arg(long)]
    pub no_full: bool,
}

#[derive(Args, Debug)]
pub struct RingArgs {
    /// The ring identifier, `R-…`.
    pub ring: String,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct WithdrawArgs {
    /// Report keys, `partner:id`.
    #[arg(required = true)]
    pub reports: Vec<String>,
    /// Why, for the audit log and the partners told.
    #[arg(long)]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A report key, `partner:id`.
    pub a: String,
    /// Another report key, `partner:id`.
    pub b: String,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum WarninglistCommand {
    /// Mark a value as a hub (it never links reports), or with --not-hub overrule its detection as one.
    Add(WarningAddArgs),
    /// Remove an analyst's entry.
    Remove(WarningValueArgs),
    /// List the analysts' entries, the hubs detected from the graph and, with --shipped, the shipped list.
    List(WarningListArgs),
    /// Import MISP warning lists (`list.json` files, or directories holding them) as analysts' hub entries.
    ImportMisp {
        /// `list.json` files, or directories searched for them (as misp-warninglists' `lists/`).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Do not recompute the rings now (run `ringtrace relink` later).
        #[arg(long)]
        no_relink: bool,
    },
    /// Write the warning list as MISP warning lists: one `<name>/list.json` per kind under --out.
    ExportMisp {
        /// Directory for the lists (created; lists in it are replaced).
        #[arg(long)]
        out: std::path::PathBuf,
        /// Only the list shipped with ringtrace, without the analysts' entries (the database is not opened).
        #[arg(long)]
        shipped_only: bool,
    },
}

#[derive(Args, Debug)]
pub struct WarningValueArgs {
    /// phone, url, domain, email, ip, upi, iban, crypto_wallet, remote_id, gift_card, bank_account
    pub kind: String,
    pub value: String,
    /// Region for a phone number written without a country code.
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
    /// Do not recompute the rings now (run `ringtrace relink` later).
    #[arg(long)]
    pub no_relink: bool,
}

#[derive(Args, Debug)]
pub struct WarningAddArgs {
    #[command(flatten)]
    pub value: WarningValueArgs,
    /// The value is not a hub: structural hub detection must leave it linking.
    #[arg(long)]
    pub not_hub: bool,
    /// Why (shown in listings).
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Args, Debug)]
pub struct WarningListArgs {
    /// Also list the warning list shipped with ringtrace.
    #[arg(long)]
    pub shipped: bool,
    /// JSON Lines instead of a table.
    #[arg(long)]
    pub jsonl: bool,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    /// `stix` or `misp`: import from a threat-intelligence format instead of report records.
    #[command(subcommand)]
    pub from: Option<ImportFrom>,
    /// Files to import; `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Import the valid records and write each rejected one, with its reason, to this JSON Lines file.
    #[arg(long, value_name = "REJECTS")]
    pub skip_invalid: Option<PathBuf>,
    /// Format of standard input (default: guessed from its first byte).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Recompute every ring afterwards, even when the new reports are few
    /// enough to be placed one by one (at most 5,000 and 1% of the store).
    #[arg(long)]
    pub full_relink: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    Jsonl,
    Json,
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RingFormat {
    Table,
    Jsonl,
}

#[derive(Args, Debug)]
pub struct RingsArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: RingFormat,
    /// Only rings with at least this many reports.
    #[arg(long, default_value_t = 2)]
    pub min_reports: u64,
    /// At most this many rings.
    #[arg(long)]
    pub limit: Option<u64>,
    /// Show the history of this ring (creation, merges, splits, with time and reason) instead.
    #[arg(long, value_name = "RING")]
    pub history: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Read lines {"id", "text", "region"?} and write one line of indicators for each.
    #[arg(long)]
    pub jsonl: bool,
    /// Default region for phone numbers written without a country code.
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
}

#[derive(Args, Debug)]
pub struct LookupArgs {
    pub value: String,
    /// The value's kind (phone, url, domain, email, ip, upi, iban, crypto_wallet, remote_id, gift_card, bank_account); guessed when absent.
    #[arg(long)]
    pub kind: Option<String>,
    /// Region for a phone number written without a country code.
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

// The simulator's knobs; their defaults are `ringtrace_sim::SimConfig::default()`'s.
#[derive(Args, Debug)]
pub struct SimArgs {
    /// Number of reports to write, exactly.
    #[arg(long)]
    pub reports: usize,
    /// The same seed and knobs write the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Directory for reports.jsonl and truth.jsonl (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Share of reports mentioning a legitimate hub value in passing (a real support number, vendor site or webmail domain), 0 to 1.
    #[arg(long, value_name = "RATE", default_value_t = ringtrace_sim::SimConfig::default().hub_rate)]
    pub hub_rate: f64,
    /// Share of reports in which the victim gives their own phone number, 0 to 1.
    #[arg(long, value_name = "RATE", default_value_t = ringtrace_sim::SimConfig::default().victim_own_rate)]
    pub victim_own_rate: f64,
    /// Share of reports carrying a value shared with another ring (mule account, recycled number, victim scammed twice), 0 to 0.5.
    #[arg(long, value_name = "RATE", default_value_t = ringtrace_sim::SimConfig::default().bridge_rate)]
    pub bridge_rate: f64,
    /// Share of ring incidents the victim reports to two partners, 0 to 1.
    #[arg(long, value_name = "RATE", default_value_t = ringtrace_sim::SimConfig::default().duplicate_rate)]
    pub duplicate_rate: f64,
    /// Share of a rotation period (numbers, sites, accounts) around its boundaries in which the old and the new value are both in use, 0 to 1.
    #[arg(long, value_name = "SHARE", default_value_t = ringtrace_sim::SimConfig::default().rotation_overlap)]
    pub rotation_overlap: f64,
    /// Pareto tail index of ring sizes, P(size >= s) = (2/s)^alpha; smaller is heavier, 0.1 to 10.
    #[arg(long, value_name = "ALPHA", default_value_t = ringtrace_sim::SimConfig::default().size_alpha)]
    pub size_alpha: f64,
    /// Share of reports that are lone complaints, 0 to 1.
    #[arg(long, value_name = "RATE", default_value_t = ringtrace_sim::SimConfig::default().singleton_rate)]
    pub singleton_rate: f64,
    /// Share of a ring's reports that share no value with the rest of their ring (nothing to go on, or a value nobody else reported), 0 to 1.
    #[arg(long, value_name = "RATE", default_value_t = ringtrace_sim::SimConfig::default().unlinkable_rate)]
    pub unlinkable_rate: f64,
    /// Also simulate a raid on this many of the largest operations: seized-device extracts (JSON and CSV) in OUT/seized, with the exhibits and rings they must match in OUT/seized/truth.json.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seized_operations: usize,
    /// Sites searched per raided operation.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub seized_sites: u16,
    /// Sites searched that belong to no operation (their exhibits must touch no ring).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(0..=50))]
    pub decoy_sites: u16,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Ground truth: lines {"report": "partner:id", "cluster": LABEL}.
    #[arg(long)]
    pub truth: PathBuf,
    /// Score the rings of this file (`rings --format jsonl`) instead of the database's.
    #[arg(long)]
    pub rings: Option<PathBuf>,
    /// One JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Size of the simulated ecosystem.
    #[arg(long, default_value_t = 20_000)]
    pub reports: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Where the server listens [default: 127.0.0.1:8080, or a free port if taken].
    #[arg(long)]
    pub addr: Option<String>,
    /// Stop after scoring, without starting the server.
    #[arg(long)]
    pub no_serve: bool,
}

// ---------------------------------------------------------------------------
// Investigations (issue 8): cases, evidence packages, seized-device evidence.

#[derive(Args, Debug)]
pub struct CaseArgs {
    /// Who makes the change, as the case and the audit log record it.
    #[arg(long, global = true, default_value = "cli")]
    pub by: String,
    #[command(subcommand)]
    pub command: CaseCommand,
}

#[derive(Subcommand, Debug)]
pub enum CaseCommand {
    /// Opens a case on one or more rings; prints its id (C-000001).
    Open {
        #[arg(long)]
        title: String,
        /// A ring of the case (R-…); repeat for several.
        #[arg(long = "ring", required = true)]
        rings: Vec<String>,
    },
    /// Every case with its status.
    List,
    /// A case: status, assignee, agency, rings with their current report counts and new reports, notes, tasks, exhibits.
    Show {
        case: String,
        /// The case as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Adds a note.
    Note { case: String, text: String },
    /// Assigns the case to someone.
    Assign { case: String, assignee: String },
    /// Adds a task.
    Task {
        case: String,
        text: String,
        #[arg(long)]
        assignee: Option<String>,
    },
    /// Marks a task done.
    Done { case: String, task: u32 },
    /// Links rings or reports to the case.
    Link {
        case: String,
        /// A ring (R-…); repeatable.
        #[arg(long = "ring")]
        rings: Vec<String>,
        /// A report (partner:id); repeatable.
        #[arg(long = "report")]
        reports: Vec<String>,
    },
    /// Records the referral of the case to an agency.
    Refer {
        case: String,
        #[arg(long)]
        agency: String,
    },
    /// Closes the case with its resolution.
    Close {
        case: String,
        #[arg(long)]
        resolution: String,
    },
    /// Reopens a closed case.
    Reopen {
        case: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Writes the signed evidence package of a case (zip) for an agency.
    Export(CaseExportArgs),
}

#[derive(Args, Debug)]
pub struct CaseExportArgs {
    pub case: String,
    /// The package file to write (.zip).
    #[arg(long)]
    pub out: PathBuf,
    /// Victims' personal data: none (kept), contact (victims' contact data removed), full (free text removed too).
    #[arg(long, default_value = "contact")]
    pub redact: String,
    /// The exporting partner's slug, as the manifest names it.
    #[arg(long, default_value = "ringtrace")]
    pub exporter: String,
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// The Ed25519 key that signs evidence packages.
    #[command(subcommand)]
    Signing(SigningCommand),
}

#[derive(Subcommand, Debug)]
pub enum SigningCommand {
    /// Makes the signing key and keeps it in the database.
    Create {
        /// Replace an existing key (packages signed with it then verify only with its old public key).
        #[arg(long)]
        force: bool,
    },
    /// Writes the public key (PEM) that agencies verify packages with.
    ExportPublic {
        /// Write it to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The package (.zip).
    pub file: PathBuf,
    /// The exporter's public key (PEM), obtained apart from the package.
    #[arg(long)]
    pub key: PathBuf,
    /// The outcome as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum EvidenceCommand {
    /// Imports one device extract into a case as an exhibit; prints what it touches.
    Import(EvidenceImportArgs),
    /// A case's exhibits matched against the rings, and what its sites share.
    Show {
        #[arg(long)]
        case: String,
        /// The matches as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// The chain of custody of a case's exhibits: who imported which file, when, with its hash.
    Custody {
        #[arg(long)]
        case: String,
    },
}

#[derive(Args, Debug)]
pub struct EvidenceImportArgs {
    #[arg(long)]
    pub case: String,
    /// The exhibit's number (EXH-…).
    #[arg(long)]
    pub exhibit: String,
    /// Where it was seized (an address, or a site number).
    #[arg(long)]
    pub site: String,
    /// The extract (docs/evidence.md).
    pub file: PathBuf,
    /// json or csv [default: from the file's extension].
    #[arg(long)]
    pub format: Option<String>,
    /// The region of phone numbers written without a country code (e.g. IN).
    #[arg(long)]
    pub region: Option<String>,
    /// Who imports it, as the custody record says.
    #[arg(long, default_value = "cli")]
    pub by: String,
}
