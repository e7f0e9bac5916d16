//! Small text helpers shared by rules.

/// Levenshtein distance by characters, for "did you mean" hints and near-variant headings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// `text.trim()`, returning at once when neither end can be whitespace: an ASCII byte
/// other than a space or a control character from tab to carriage return (the ASCII
/// characters `char::is_whitespace` accepts). Most texts of an outline are trimmed
/// already, and decoding their ends costs more than looking at two bytes.
pub fn trim(text: &str) -> &str {
    let is_plain = |byte: &u8| byte.is_ascii() && !matches!(byte, b'\t'..=b'\r' | b' ');
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if is_plain(first) && is_plain(last) => text,
        _ => text.trim(),
    }
}

/// The candidate nearest to `word` by edit distance, if any is close enough to be a
/// likely typo (at most a third of the word's length, and at most 3 edits).
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// A cheap fingerprint for loose comparison: texts that are [`same_loosely`] always have
/// equal fingerprints. It reads the first and last eight characters of the text lower-cased
/// with its whitespace removed, so it costs the same on a long bullet as on a short one.
pub fn loose_fingerprint(text: &str) -> u64 {
    let text = trim_loose_end(text);
    // Bytes first: this runs once per item of every document. An end that is not plain
    // ASCII takes the general path, which gives the same value for the same characters.
    let tail = pack_ascii(text.as_bytes().iter().rev()).unwrap_or_else(|| {
        window_value(
            text.chars()
                .rev()
                .filter(|c| !c.is_whitespace())
                .flat_map(|c| c.to_lowercase().rev()),
        )
    });
    head_value(text) ^ tail.rotate_left(29)
}

/// A cheaper key than [`loose_fingerprint`], for a hash map of many texts: the first
/// eight characters alone. Texts that are [`same_loosely`] always have equal heads.
pub fn loose_head(text: &str) -> u64 {
    head_value(trim_loose_end(text))
}

/// A cheap key for loose comparison: the first and the last character of `text` as
/// [`same_loosely`] compares them (its loose end trimmed, leading whitespace skipped,
/// lower-cased); 0 for a text with none. Texts that are [`same_loosely`] always have
/// equal ends. For a few texts compared at a time, where a collision costs little.
pub fn loose_ends(text: &str) -> u64 {
    let text = trim_loose_end(text);
    let bytes = text.as_bytes();
    let first = bytes
        .iter()
        .find(|&&byte| LOOSE_BYTE[usize::from(byte)] != LOOSE_SKIP);
    let (first, last) = match (first, bytes.last()) {
        (None, _) | (_, None) => return 0,
        (Some(&first), Some(&last)) if first.is_ascii() && last.is_ascii() => (
            u32::from(first.to_ascii_lowercase()),
            u32::from(last.to_ascii_lowercase()),
        ),
        // A multi-byte character, or whitespace beyond ASCII: the general path.
        _ => {
            let lower_first = text
                .chars()
                .find(|c| !c.is_whitespace())
                .and_then(|c| c.to_lowercase().next());
            let lower_last = text
                .chars()
                .next_back()
                .and_then(|c| c.to_lowercase().last());
            match (lower_first, lower_last) {
                (Some(first), Some(last)) => (u32::from(first), u32::from(last)),
                _ => return 0,
            }
        }
    };
    u64::from(first) | u64::from(last) << 32
}

/// The value of the first eight characters of `text` (its loose end trimmed already),
/// lower-cased and without whitespace.
fn head_value(text: &str) -> u64 {
    pack_ascii(text.as_bytes().iter()).unwrap_or_else(|| {
        window_value(
            text.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase),
        )
    })
}

/// [`window_value`] of up to eight bytes, skipping whitespace and lower-cased; `None` at a
/// non-ASCII byte before the eighth.
fn pack_ascii<'t>(bytes: impl Iterator<Item = &'t u8>) -> Option<u64> {
    let mut packed = 0u64;
    let mut taken = 0;
    // One table lookup per byte settles all three questions: skip, give up, or take.
    for &byte in bytes {
        match LOOSE_BYTE[usize::from(byte)] {
            LOOSE_SKIP => continue,
            LOOSE_NOT_ASCII => return None,
            folded => packed = (packed << 8) | u64::from(folded),
        }
        taken += 1;
        if taken == 8 {
            break;
        }
    }
    Some(packed)
}

/// The value of the first eight characters of `lowered`: packed into a word when they are
/// all ASCII, as [`pack_ascii`] packs them, else hashed with the top bit set.
fn window_value(lowered: impl Iterator<Item = char>) -> u64 {
    let (mut packed, mut hash, mut ascii) = (0u64, 0xcbf2_9ce4_8422_2325_u64, true);
    for c in lowered.take(8) {
        if c.is_ascii() {
            packed = (packed << 8) | u64::from(u32::from(c));
        } else {
            ascii = false;
        }
        hash = (hash ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3);
    }
    if ascii { packed } else { hash | 1 << 63 }
}

/// Marks in [`LOOSE_BYTE`]; a lower-cased ASCII byte is below 0x80, so neither is one.
const LOOSE_SKIP: u8 = 0x80;
const LOOSE_NOT_ASCII: u8 = 0xFF;
const _: () =
    assert!(!LOOSE_SKIP.is_ascii() && !LOOSE_NOT_ASCII.is_ascii() && LOOSE_SKIP != LOOSE_NOT_ASCII);

/// Each byte as [`pack_ascii`] takes it: [`LOOSE_SKIP`] for whitespace (the ASCII bytes
/// `char::is_whitespace` accepts, vertical tab included), [`LOOSE_NOT_ASCII`] for the bytes
/// of multi-byte characters, else the byte lower-cased.
static LOOSE_BYTE: [u8; 256] = {
    let mut table = [LOOSE_NOT_ASCII; 256];
    let mut byte: u8 = 0;
    while byte < 128 {
        table[byte as usize] = if matches!(byte, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ') {
            LOOSE_SKIP
        } else {
            byte.to_ascii_lowercase()
        };
        byte += 1;
    }
    table
};

fn trim_loose_end(text: &str) -> &str {
    let is_loose = |c: char| matches!(c, '.' | ';' | ',' | '!') || c.is_whitespace();
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    // Byte by byte while the end is ASCII; a multi-byte character takes the general path.
    while let Some(&byte) = end.checked_sub(1).and_then(|last| bytes.get(last)) {
        if !byte.is_ascii() {
            return text[..end].trim_end_matches(is_loose);
        }
        if !is_loose(char::from(byte)) {
            break;
        }
        end -= 1;
    }
    &text[..end]
}

/// Whether two texts are equal ignoring case, runs of whitespace and closing punctuation.
/// Most pairs differ in their first bytes, so the ASCII path returns early.
pub fn same_loosely(a: &str, b: &str) -> bool {
    let (a, b) = (
        trim_loose_end(a).trim_start(),
        trim_loose_end(b).trim_start(),
    );
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        let (p, q) = (x[i], y[j]);
        if !(p.is_ascii() && q.is_ascii()) {
            return same_loosely_unicode(a, b);
        }
        if p.is_ascii_whitespace() && q.is_ascii_whitespace() {
            while i < x.len() && x[i].is_ascii_whitespace() {
                i += 1;
            }
            while j < y.len() && y[j].is_ascii_whitespace() {
                j += 1;
            }
            continue;
        }
        if !p.eq_ignore_ascii_case(&q) {
            return false;
        }
        i += 1;
        j += 1;
    }
    i == x.len() && j == y.len()
}

fn same_loosely_unicode(a: &str, b: &str) -> bool {
    let lower = |word: &str| {
        word.chars()
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (mut a_words, mut b_words) = (loose_words(a), loose_words(b));
    loop {
        match (a_words.next(), b_words.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if lower(x) == lower(y) => {}
            _ => return false,
        }
    }
}

fn loose_words(text: &str) -> std::str::SplitWhitespace<'_> {
    trim_loose_end(text).split_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_is_str_trim() {
        let pieces = [
            "", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\u{85}", "\u{a0}", "\u{3000}", "\u{2028}",
            "a", "Z", "é", "🚀", "-", "\x1f", "\x7f",
        ];
        for first in pieces {
            for middle in pieces {
                for last in pieces {
                    let text = format!("{first}{middle}{last}");
                    assert_eq!(trim(&text), text.trim(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("placehodler", "placeholder"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn loose_bytes_are_skipped_refused_or_lower_cased() {
        for byte in 0..=u8::MAX {
            let expected = if !byte.is_ascii() {
                LOOSE_NOT_ASCII
            } else if char::from(byte).is_whitespace() {
                LOOSE_SKIP
            } else {
                byte.to_ascii_lowercase()
            };
            assert_eq!(LOOSE_BYTE[usize::from(byte)], expected, "byte {byte:#04x}");
        }
    }

    #[test]
    fn loosely_equal_texts_share_a_fingerprint_whatever_their_whitespace_or_case() {
        for (a, b) in [
            ("\x0bWrites code", "writes code"),
            ("\u{85}Writes code", "Writes code"),
            ("Writes\u{a0}code daily", "writes code daily"),
            ("Keeps the build green\u{2003}", "keeps the build green"),
            ("\u{212a}eeps tests green", "keeps tests green"),
            ("\u{130}zmir office", "i\u{307}zmir office"),
            ("Ünïcode Ok", "ünïcode  ok."),
            ("Go.", "go"),
            ("Ships!", " ships"),
        ] {
            assert!(same_loosely(a, b), "{a:?} {b:?}");
            assert_eq!(loose_fingerprint(a), loose_fingerprint(b), "{a:?} {b:?}");
            assert_eq!(loose_head(a), loose_head(b), "{a:?} {b:?}");
            assert_eq!(loose_ends(a), loose_ends(b), "{a:?} {b:?}");
        }
        // Last characters that lower-case to more than one.
        for (a, b) in [
            ("Visits \u{130}", "visits i\u{307}"),
            ("Ends in \u{212a}", "ends in k."),
        ] {
            assert!(same_loosely(a, b), "{a:?} {b:?}");
            assert_eq!(loose_ends(a), loose_ends(b), "{a:?} {b:?}");
        }
        for (a, b) in [(".", "!"), ("  ,", ""), ("\u{a0}. ", ";")] {
            assert!(same_loosely(a, b), "{a:?} {b:?}");
            assert_eq!(loose_ends(a), loose_ends(b), "{a:?} {b:?}");
        }
        assert_ne!(loose_ends("Writes code"), loose_ends("Reads code"));
        assert_ne!(loose_ends("Writes code"), loose_ends("Writes docs"));
    }

    #[test]
    fn loose_equality_ignores_case_spacing_and_closing_punctuation() {
        let (a, b) = (
            "Writes code that passes review.",
            "writes code  that passes Review",
        );
        assert!(same_loosely(a, b));
        assert_eq!(loose_fingerprint(a), loose_fingerprint(b));
        assert!(!same_loosely(a, "Writes code that passes reviews"));
        assert!(same_loosely("Ünïcode Ok", "ünïcode ok"));
        assert_eq!(
            loose_fingerprint("Ünïcode Ok"),
            loose_fingerprint("ünïcode ok")
        );
        let long = "Owns the reliability of the services their team runs, end to end, every day.";
        let shouted = long.to_uppercase().replace(' ', "  ");
        assert!(same_loosely(long, &shouted));
        assert_eq!(loose_fingerprint(long), loose_fingerprint(&shouted));
    }
}
