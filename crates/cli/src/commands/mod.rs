//! One module per command; `run` dispatches.

mod access;
mod backup;
mod bench;
mod bench_extract;
mod case;
mod case_export;
mod check;
mod demo;
mod eval;
mod evidence;
mod explain;
mod export_misp;
mod export_stix;
mod extract;
mod import;
mod import_misp;
mod import_stix;
mod keys;
mod lookup;
mod psi;
mod relink;
mod ring;
mod rings;
mod serve;
mod shared;
mod sim;
mod sync;
mod verify;
mod warninglist;
mod withdraw;

use crate::args::{Cli, Command, ExportCommand, ImportFrom};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Import(a) => match &a.from {
            Some(ImportFrom::Stix(s)) => import_stix::run(&cli.db, s),
            Some(ImportFrom::Misp(m)) => import_misp::run(&cli.db, m),
            None => import::run(&cli.db, &a),
        },
        Command::Rings(a) => rings::run(&cli.db, &a),
        Command::Extract(a) => extract::run(&a),
        Command::Lookup(a) => lookup::run(&cli.db, &a),
        Command::Sim(a) => sim::run(&a),
        Command::Eval(a) => eval::run(&cli.db, &a),
        Command::Demo(a) => demo::run(&a),
        Command::Ring(a) => ring::run(&cli.db, &a),
        Command::Explain(a) => explain::run(&cli.db, &a),
        Command::Warninglist(c) => warninglist::run(&cli.db, &c),
        Command::Relink => relink::run(&cli.db),
        Command::Check { repair } => check::run(&cli.db, repair),
        Command::Backup { out } => backup::backup(&cli.db, &out),
        Command::Restore { from, force } => backup::restore(&cli.db, &from, force),
        Command::Withdraw(a) => withdraw::run(&cli.db, &a),
        Command::Bench(c) => bench::run(&cli.db, &c),
        Command::Serve(a) => serve::run(&cli.db, &a),
        Command::Partner(c) => access::partner(&cli.db, &c),
        Command::Key(c) => access::key(&cli.db, &c),
        Command::Audit(c) => access::audit(&cli.db, &c),
        Command::Export(ExportCommand::Stix(a)) => export_stix::run(&cli.db, &a),
        Command::Export(ExportCommand::Misp(a)) => export_misp::run(&cli.db, &a),
        Command::Sync(c) => sync::run(&cli.db, &c),
        Command::Psi(a) => psi::psi(&cli.db, &a),
        Command::PsiLinks { ring } => psi::links(&cli.db, ring.as_deref()),
        Command::Oprf(a) => psi::oprf(&a),
        Command::Case(a) => case::run(&cli.db, &a),
        Command::Keys(c) => keys::run(&cli.db, &c),
        Command::Verify(a) => verify::run(&a),
        Command::Evidence(c) => evidence::run(&cli.db, &c),
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
