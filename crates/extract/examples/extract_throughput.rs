//! Rough extraction throughput on typical narratives: `cargo run --release -p ringtrace-extract --example extract_throughput [CASES.jsonl]`.
//!
//! With a JSON Lines file of `{"text", "region"?}` (e.g. the corpus generator's
//! output), every text is read once, in order, and MB/s of text is printed.

use std::time::Instant;

const NARRATIVES: &[(&str, Option<&str>)] = &[
    ("On 2023-10-12 a pop-up on my laptop said my Windows 10.0.19045.3570 was infected (error 0x80070005) and to call Microsoft support at +1 (844) 281-8482 immediately. The man asked me to install AnyDesk and read him the ID 492 966 566. He then told me to buy $499.99 of Apple gift cards and read the codes X4RT7YHJ9KLM2NP3. I gave my number 212-281-8483 and my email jane.doe@gmail.com. Order #112-3456789-1234567.", Some("US")),
    ("Le 12/10/2023 une fenêtre s'est affichée sur mon ordinateur avec le numéro 09 70 12 34 56. Le technicien m'a demandé d'installer TeamViewer (ID 1 234 567 890) puis de faire un virement de 1 500 € sur FR76 3000 6000 0112 3456 7890 189. Il m'a ensuite envoyé un mail depuis support-microsoft[at]outlook[.]fr et m'a dit d'aller sur hxxps://aide-windows[.]fr/ticket?id=42. Mon numéro est le 06 12 34 56 78.", Some("FR")),
    ("Received a call from someone claiming to be from Amazon about an order of an iPhone 15 for Rs 89,999. He asked me to pay a refund processing fee via UPI to refund.desk99@okaxis and later to A/c 50100234567890 IFSC HDFC0001234. Then he asked me to install UltraViewer. I lost about 45000 rupees in total.", Some("IN")),
    ("My grandmother got a popup saying her computer was locked and to call the number shown. They convinced her to send Bitcoin to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 through a Bitcoin ATM, about 3,000 dollars. The site was secure-alert[.]com hosted at 203.0.113.7, and they used the email help.desk[at]gmail[.]com to send instructions.", None),
];

fn main() {
    if let Some(path) = std::env::args().nth(1) {
        let data = std::fs::read_to_string(&path).expect("read the cases file");
        let cases: Vec<(String, Option<String>)> = data
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                (
                    v["text"].as_str().unwrap_or("").to_string(),
                    v["region"].as_str().map(str::to_string),
                )
            })
            .collect();
        let bytes: usize = cases.iter().map(|(t, _)| t.len()).sum();
        let rounds: usize = std::env::var("ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(1);
        let t = Instant::now();
        let mut total = 0;
        for _ in 0..rounds {
            for (text, region) in &cases {
                total += ringtrace_extract::extract(text, region.as_deref()).len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{} texts x {rounds}, {:.2} MB, {total} indicators, {:.1} MB/s",
            cases.len(),
            bytes as f64 / 1e6,
            (bytes * rounds) as f64 / 1e6 / secs
        );
        return;
    }
    let n = 200_000;
    let mut total = 0usize;
    let mut bytes = 0usize;
    let t = Instant::now();
    for i in 0..n {
        let (text, region) = NARRATIVES[i % NARRATIVES.len()];
        total += ringtrace_extract::extract(text, region).len();
        bytes += text.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{n} narratives ({} bytes avg), {total} indicators, {:.0} narratives/s",
        bytes / n,
        n as f64 / secs
    );
    for (text, region) in NARRATIVES {
        for f in ringtrace_extract::extract(text, *region) {
            println!("{:?} {} {:?}", f.role, f.indicator, &text[f.start..f.end]);
        }
        println!();
    }
}
