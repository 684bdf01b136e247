//! Country calling code and national (trunk) prefix of every region, as read from libphonenumber's metadata once and kept here, so that no process pays for working them out again.
//!
//! The trunk prefix is what the national format of the region's example
//! number writes before the national number (`0` in France, India, the UK;
//! none where the national format shows none, as in NANP). The test below
//! derives the whole table from the library again and fails on any change,
//! so a metadata update cannot leave it stale.

use std::sync::LazyLock;

/// (region, calling code, trunk prefix or `""`), sorted by region.
const TABLE: &[(&str, u16, &str)] = &[
    ("AC", 247, ""),
    ("AD", 376, ""),
    ("AE", 971, "0"),
    ("AF", 93, "0"),
    ("AG", 1, ""),
    ("AI", 1, ""),
    ("AL", 355, "0"),
    ("AM", 374, "0"),
    ("AO", 244, ""),
    ("AR", 54, "0"),
    ("AS", 1, ""),
    ("AT", 43, "0"),
    ("AU", 61, "0"),
    ("AW", 297, ""),
    ("AX", 358, "0"),
    ("AZ", 994, "0"),
    ("BA", 387, "0"),
    ("BB", 1, ""),
    ("BD", 880, "0"),
    ("BE", 32, "0"),
    ("BF", 226, ""),
    ("BG", 359, "0"),
    ("BH", 973, ""),
    ("BI", 257, ""),
    ("BJ", 229, ""),
    ("BL", 590, "0"),
    ("BM", 1, ""),
    ("BN", 673, ""),
    ("BO", 591, ""),
    ("BQ", 599, ""),
    ("BR", 55, ""),
    ("BS", 1, ""),
    ("BT", 975, ""),
    ("BW", 267, ""),
    ("BY", 375, "80"),
    ("BZ", 501, ""),
    ("CA", 1, ""),
    ("CC", 61, "0"),
    ("CD", 243, "0"),
    ("CF", 236, ""),
    ("CG", 242, ""),
    ("CH", 41, "0"),
    ("CI", 225, ""),
    ("CK", 682, ""),
    ("CL", 56, ""),
    ("CM", 237, ""),
    ("CN", 86, "0"),
    ("CO", 57, ""),
    ("CR", 506, ""),
    ("CU", 53, "0"),
    ("CV", 238, ""),
    ("CW", 599, ""),
    ("CX", 61, "0"),
    ("CY", 357, ""),
    ("CZ", 420, ""),
    ("DE", 49, "0"),
    ("DJ", 253, ""),
    ("DK", 45, ""),
    ("DM", 1, ""),
    ("DO", 1, ""),
    ("DZ", 213, "0"),
    ("EC", 593, "0"),
    ("EE", 372, ""),
    ("EG", 20, "0"),
    ("EH", 212, "0"),
    ("ER", 291, "0"),
    ("ES", 34, ""),
    ("ET", 251, "0"),
    ("FI", 358, "0"),
    ("FJ", 679, ""),
    ("FK", 500, ""),
    ("FM", 691, ""),
    ("FO", 298, ""),
    ("FR", 33, "0"),
    ("GA", 241, ""),
    ("GB", 44, "0"),
    ("GD", 1, ""),
    ("GE", 995, "0"),
    ("GF", 594, "0"),
    ("GG", 44, "0"),
    ("GH", 233, "0"),
    ("GI", 350, ""),
    ("GL", 299, ""),
    ("GM", 220, ""),
    ("GN", 224, ""),
    ("GP", 590, "0"),
    ("GQ", 240, ""),
    ("GR", 30, ""),
    ("GT", 502, ""),
    ("GU", 1, ""),
    ("GW", 245, ""),
    ("GY", 592, ""),
    ("HK", 852, ""),
    ("HN", 504, ""),
    ("HR", 385, "0"),
    ("HT", 509, ""),
    ("HU", 36, "06"),
    ("ID", 62, "0"),
    ("IE", 353, "0"),
    ("IL", 972, "0"),
    ("IM", 44, "0"),
    ("IN", 91, "0"),
    ("IO", 246, ""),
    ("IQ", 964, "0"),
    ("IR", 98, "0"),
    ("IS", 354, ""),
    ("IT", 39, ""),
    ("JE", 44, "0"),
    ("JM", 1, ""),
    ("JO", 962, "0"),
    ("JP", 81, "0"),
    ("KE", 254, "0"),
    ("KG", 996, "0"),
    ("KH", 855, "0"),
    ("KI", 686, ""),
    ("KM", 269, ""),
    ("KN", 1, ""),
    ("KP", 850, "0"),
    ("KR", 82, "0"),
    ("KW", 965, ""),
    ("KY", 1, ""),
    ("KZ", 7, "8"),
    ("LA", 856, "0"),
    ("LB", 961, "0"),
    ("LC", 1, ""),
    ("LI", 423, ""),
    ("LK", 94, "0"),
    ("LR", 231, "0"),
    ("LS", 266, ""),
    ("LT", 370, "0"),
    ("LU", 352, ""),
    ("LV", 371, ""),
    ("LY", 218, "0"),
    ("MA", 212, "0"),
    ("MC", 377, ""),
    ("MD", 373, "0"),
    ("ME", 382, "0"),
    ("MF", 590, "0"),
    ("MG", 261, "0"),
    ("MH", 692, ""),
    ("MK", 389, "0"),
    ("ML", 223, ""),
    ("MM", 95, "0"),
    ("MN", 976, ""),
    ("MO", 853, ""),
    ("MP", 1, ""),
    ("MQ", 596, "0"),
    ("MR", 222, ""),
    ("MS", 1, ""),
    ("MT", 356, ""),
    ("MU", 230, ""),
    ("MV", 960, ""),
    ("MW", 265, "0"),
    ("MX", 52, ""),
    ("MY", 60, "0"),
    ("MZ", 258, ""),
    ("NA", 264, "0"),
    ("NC", 687, ""),
    ("NE", 227, ""),
    ("NF", 672, ""),
    ("NG", 234, "0"),
    ("NI", 505, ""),
    ("NL", 31, "0"),
    ("NO", 47, ""),
    ("NP", 977, "0"),
    ("NR", 674, ""),
    ("NU", 683, ""),
    ("NZ", 64, "0"),
    ("OM", 968, ""),
    ("PA", 507, ""),
    ("PE", 51, "0"),
    ("PF", 689, ""),
    ("PG", 675, ""),
    ("PH", 63, "0"),
    ("PK", 92, "0"),
    ("PL", 48, ""),
    ("PM", 508, "0"),
    ("PR", 1, ""),
    ("PS", 970, "0"),
    ("PT", 351, ""),
    ("PW", 680, ""),
    ("PY", 595, "0"),
    ("QA", 974, ""),
    ("RE", 262, "0"),
    ("RO", 40, "0"),
    ("RS", 381, "0"),
    ("RU", 7, "8"),
    ("RW", 250, ""),
    ("SA", 966, "0"),
    ("SB", 677, ""),
    ("SC", 248, ""),
    ("SD", 249, "0"),
    ("SE", 46, "0"),
    ("SG", 65, ""),
    ("SH", 290, ""),
    ("SI", 386, "0"),
    ("SJ", 47, ""),
    ("SK", 421, "0"),
    ("SL", 232, "0"),
    ("SM", 378, ""),
    ("SN", 221, ""),
    ("SO", 252, ""),
    ("SR", 597, ""),
    ("SS", 211, "0"),
    ("ST", 239, ""),
    ("SV", 503, ""),
    ("SX", 1, ""),
    ("SY", 963, "0"),
    ("SZ", 268, ""),
    ("TA", 290, ""),
    ("TC", 1, ""),
    ("TD", 235, ""),
    ("TG", 228, ""),
    ("TH", 66, "0"),
    ("TJ", 992, ""),
    ("TK", 690, ""),
    ("TL", 670, ""),
    ("TM", 993, "8"),
    ("TN", 216, ""),
    ("TO", 676, ""),
    ("TR", 90, "0"),
    ("TT", 1, ""),
    ("TV", 688, ""),
    ("TW", 886, "0"),
    ("TZ", 255, "0"),
    ("UA", 380, "0"),
    ("UG", 256, "0"),
    ("US", 1, ""),
    ("UY", 598, ""),
    ("UZ", 998, ""),
    ("VA", 39, ""),
    ("VC", 1, ""),
    ("VE", 58, "0"),
    ("VG", 1, ""),
    ("VI", 1, ""),
    ("VN", 84, "0"),
    ("VU", 678, ""),
    ("WF", 681, ""),
    ("WS", 685, ""),
    ("XK", 383, "0"),
    ("YE", 967, "0"),
    ("YT", 262, "0"),
    ("ZA", 27, "0"),
    ("ZM", 260, "0"),
    ("ZW", 263, "0"),
];

/// The calling code and trunk prefix of `region` (an ISO code as libphonenumber spells it).
pub(crate) fn lookup(region: &str) -> Option<(u16, Option<&'static str>)> {
    static BY_PAIR: LazyLock<Box<[u16; PAIRS]>> =
        LazyLock::new(|| by_pair(TABLE.iter().map(|(r, _, _)| *r)));
    let i = match letter_pair(region) {
        Some(p) => Some(usize::from(BY_PAIR[p])).filter(|&i| i < TABLE.len())?,
        None => TABLE.binary_search_by(|(r, _, _)| (*r).cmp(region)).ok()?,
    };
    let (_, cc, np) = TABLE[i];
    Some((cc, (!np.is_empty()).then_some(np)))
}

/// Two capital letters make this many codes.
pub(crate) const PAIRS: usize = 26 * 26;

/// The place of a code of two capital letters among all such codes.
pub(crate) fn letter_pair(code: &str) -> Option<usize> {
    match *code.as_bytes() {
        [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
            Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
        }
        _ => None,
    }
}

/// Where each code of two capitals is in a table whose codes are `codes`
/// (`u16::MAX` where none is): a code is then found by its letters, not by
/// a search among the codes.
pub(crate) fn by_pair<'c>(codes: impl Iterator<Item = &'c str>) -> Box<[u16; PAIRS]> {
    let mut places = Box::new([u16::MAX; PAIRS]);
    for (k, code) in codes.enumerate() {
        if let (Some(p), Ok(k)) = (letter_pair(code), u16::try_from(k)) {
            places[p] = k;
        }
    }
    places
}

/// Every code of two capitals, and a few codes that are not (empty, one
/// letter, lower case, three letters, digits, non-ASCII): what the tests of
/// [`letter_pair`]'s users look up.
#[cfg(test)]
pub(crate) fn codes_to_try() -> Vec<String> {
    let mut codes: Vec<String> = (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| String::from_utf8(vec![a, b]).unwrap()))
        .collect();
    codes.extend(["", "F", "fr", "FRA", "001", "É"].map(String::from));
    codes
}

#[cfg(test)]
mod tests {
    use rlibphonenumber::{PhoneNumberFormat, PHONE_NUMBER_UTIL};

    /// Every code of two capitals (and a few others) is found by its letters
    /// as a search of the sorted table finds it.
    #[test]
    fn codes_found_by_their_letters() {
        let search = |r: &str| {
            super::TABLE
                .binary_search_by(|(c, _, _)| (*c).cmp(r))
                .ok()
                .map(|i| (super::TABLE[i].1, super::TABLE[i].2))
        };
        let mut found = 0;
        for r in &super::codes_to_try() {
            let want = search(r).map(|(cc, np)| (cc, (!np.is_empty()).then_some(np)));
            found += usize::from(want.is_some());
            assert_eq!(super::lookup(r), want, "{r:?}");
        }
        assert_eq!(found, super::TABLE.len());
    }

    /// The derivation the table was made with.
    fn derive(r: rlibphonenumber::Region) -> Option<(u16, Option<String>)> {
        let util = &*PHONE_NUMBER_UTIL;
        let cc = u16::try_from(util.get_country_code_for_region(r)?).ok()?;
        let np = util.get_example_number(r).ok().and_then(|n| {
            let nsn = rlibphonenumber::get_national_significant_number_owned(&n);
            let national: String = n
                .format_as(PhoneNumberFormat::National)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            national
                .strip_suffix(nsn.as_str())
                .filter(|p| !p.is_empty())
                .map(str::to_string)
        });
        Some((cc, np))
    }

    #[test]
    fn table_matches_the_metadata() {
        assert!(super::TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        let regions: Vec<_> = PHONE_NUMBER_UTIL.get_supported_regions().collect();
        assert_eq!(regions.len(), super::TABLE.len());
        for r in regions {
            let code = r.to_string();
            let got = super::lookup(&code).map(|(cc, np)| (cc, np.map(str::to_string)));
            assert_eq!(got, derive(r), "region {code}");
        }
    }
}
