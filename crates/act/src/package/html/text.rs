//! Every sentence and heading of `report.html`, in one place (English).

pub const TITLE: &str = "Evidence package";
pub const GENERATED: &str = "Generated";
pub const EXPORTER: &str = "Exported by";
pub const REDACTION: &str = "Redaction";
pub const STATUS: &str = "Status";
pub const AGENCY: &str = "Agency";
pub const ASSIGNEE: &str = "Assignee";
pub const OPENED: &str = "Opened";

pub const SUMMARY: &str = "Summary";
pub const SUMMARY_REPORTS: &str = "Reports";
pub const SUMMARY_RINGS: &str = "Rings";
pub const SUMMARY_PARTNERS: &str = "Contributing partners";
pub const SUMMARY_COUNTRIES: &str = "Victims' countries";
pub const SUMMARY_PERIOD: &str = "Period";
pub const SUMMARY_LOSS: &str = "Reported losses";
pub const NONE: &str = "none";
pub const UNKNOWN_COUNTRY: &str = "unknown";

pub const VICTIMS: &str = "Victims and losses by country";
pub const VICTIMS_NOTE: &str =
    "One report is one victim's complaint. Losses are as reported, per currency, never converted.";
pub const COUNTRY: &str = "Country";
pub const CURRENCY: &str = "Currency";
pub const LOSS: &str = "Loss";
pub const CHART_COUNTRIES: &str = "Reports per victim country";
pub const CHART_LOSSES: &str = "Reported losses per currency";

pub const TIMELINE: &str = "Timeline";
pub const TIMELINE_NOTE: &str = "Reports received per week (weeks start on Monday, UTC).";
pub const CHART_WEEKS: &str = "Reports per week";

pub const GRAPH: &str = "Ring graph";
pub const GRAPH_NOTE: &str = "Reports (circles) and the indicators that link them.";

pub const RINGS: &str = "Rings";
pub const RING: &str = "Ring";
pub const BRANDS: &str = "Brands impersonated";
pub const FIRST_SEEN: &str = "First seen";
pub const LAST_SEEN: &str = "Last seen";
pub const BRIDGES: &str = "Bridges to other rings";
pub const BRIDGE_VIA: &str = "via";

pub const INDICATORS: &str = "Indicators";
pub const INDICATORS_NOTE: &str =
    "Every indicator of the case's rings, with the reports that mention it.";
pub const KIND: &str = "Kind";
pub const VALUE: &str = "Value";

pub const PARTNERS: &str = "Contributions by partner";
pub const PARTNERS_NOTE: &str = "Which partner reported what. Each partner owns its reports.";
pub const PARTNER: &str = "Partner";
pub const DISTINCT_INDICATORS: &str = "Distinct indicators";

pub const HYPOTHESIS: &str = "Call-centre hypothesis";
pub const HYPOTHESIS_NOTE: &str = "The rings' indicators grouped by what they reveal about the operation behind them. A hypothesis for the investigators to test, not a finding.";
pub const DETAIL: &str = "What it tells";
pub const CONTACT: &str = "Contact channel";
pub const CONTACT_NOTE: &str = "How victims reached the call centre: numbers shown in pop-ups and ads, and addresses that wrote to them. A subscriber or account holder leads to the people answering.";
pub const WEB: &str = "Web infrastructure";
pub const WEB_NOTE: &str = "Where the lures were hosted: pages, domains and addresses. Registrars and hosting providers hold the registrant and payment records.";
pub const MONEY: &str = "Money trail";
pub const MONEY_NOTE: &str = "Where victims' money went: UPI IDs, IBANs, bank accounts, wallets and gift cards. Banks and exchanges can name the account holders (often mules) and where the money moved next.";
pub const REMOTE: &str = "Remote access";
pub const REMOTE_NOTE: &str = "The remote-control tool IDs the callers used on victims' computers. The tool's vendor can tie an ID to connection logs and IP addresses.";
pub const NO_VALUES: &str = "No indicator of this kind in the case.";

pub const REPORTS_LINKED: &str = "Reports linked to the case explicitly";
pub const FOOTER: &str = "The files of this package are listed with their SHA-256 in manifest.json, signed in manifest.sig with the key in signer.pub.";
