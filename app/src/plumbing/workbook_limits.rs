//! Bounds the work an uploaded workbook can cause, whatever the file says about itself.
//!
//! An `.xlsx` file is a zip of XML parts. Before calamine opens one, [`prescan`] inflates
//! every part itself (the sizes a zip declares are not trusted), so a deflate bomb, a part
//! that expands past a ceiling or a compression ratio no workbook has is refused with a
//! sentence. It also reads the header of the shared-string table: calamine reserves memory
//! for the `uniqueCount` it declares, so a count the part cannot hold (or past a sane
//! ceiling) is refused before calamine allocates anything. Synchronous and CPU-bound:
//! callers run it off the async runtime, as they do the parse it guards.

use std::io::{Cursor, Read};
use std::time::Duration;

/// The most one part of the workbook may inflate to.
pub const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;
/// The most all parts together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// The shared-string table is held whole in memory by calamine: a tighter ceiling.
pub const MAX_SHARED_STRING_BYTES: u64 = 48 * 1024 * 1024;
/// Distinct strings a workbook may declare; a 100,000-row return needs far fewer.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Parts a workbook may have; Linkway's template has about a dozen.
pub const MAX_PARTS: usize = 1_000;
/// Inflated-to-compressed ratio past which a large part is a bomb, not a spreadsheet (real
/// sheets compress 5–50 times).
pub const MAX_RATIO: u64 = 200;
/// Parts smaller than this are not judged by their ratio.
const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;
/// The smallest entry of a shared-string table, `<si/>`.
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// Workbook checks that may run at once: each holds a core, and the machine has two.
pub const PARSES_AT_ONCE: usize = 2;
/// How long an upload waits for a free slot before it is told Linkway is busy.
pub const SLOT_WAIT: Duration = Duration::from_secs(30);
/// How long an upload waits for its check; the pre-scan bounds the check's work, so one
/// that is still running past this ends soon after, holding its slot until it does.
pub const CHECK_TIME_LIMIT: Duration = Duration::from_secs(90);

/// Why a workbook was refused before it was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkbookRefusal {
    /// Not a zip Linkway can read, or a part is damaged or encrypted.
    Damaged,
    /// More parts than any workbook has.
    TooManyParts,
    /// A part, or the whole, inflates past its ceiling.
    TooLarge,
    /// A large part is compressed far more than a spreadsheet can be.
    Bomb,
    /// The shared-string table declares more strings than it holds or than is sane.
    SharedStrings,
    /// One value or tag is longer than any cell can be.
    LongValue,
}

impl WorkbookRefusal {
    /// The sentence the person who uploaded the file sees.
    pub fn message(&self) -> &'static str {
        match self {
            Self::Damaged => "The file could not be opened as an Excel workbook; it may be damaged. Download a new template, copy your figures into it and upload that.",
            Self::TooManyParts | Self::TooLarge => "The workbook holds far more than a return can: it expands to more than Linkway can check. Download a new template, copy your figures into it and upload that.",
            Self::Bomb => "The workbook is compressed far more than a spreadsheet can be, so Linkway will not open it. Download a new template, copy your figures into it and upload that.",
            Self::SharedStrings => "The workbook's list of text values is damaged (it claims more entries than it holds). Download a new template, copy your figures into it and upload that.",
            Self::LongValue => "The workbook holds a value far longer than any cell can (over 1 MB in one piece). Download a new template, copy your figures into it and upload that.",
        }
    }
}

/// Why `bytes` could not be opened as a workbook ([`open`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unopened {
    Empty,
    /// An OLE compound file: an encrypted `.xlsx`, or an old `.xls` workbook.
    OldOrEncrypted,
    /// Not a zip at all: a CSV, a PDF, a picture.
    NotAWorkbook,
    /// Refused before opening ([`prescan`]) or unreadable by calamine.
    Refused(WorkbookRefusal),
}

/// Opens an uploaded `.xlsx` safely: recognised by its first bytes, [`prescan`]ned, then
/// handed to calamine. Synchronous and CPU-bound, like the checks that follow.
pub fn open(bytes: &[u8]) -> Result<calamine::Xlsx<Cursor<&[u8]>>, Unopened> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.is_empty() {
        return Err(Unopened::Empty);
    }
    if bytes.starts_with(COMPOUND_FILE) {
        return Err(Unopened::OldOrEncrypted);
    }
    if !bytes.starts_with(ZIP) {
        return Err(Unopened::NotAWorkbook);
    }
    // calamine trusts what the file declares; bound the work before it sees the bytes.
    prescan(bytes).map_err(Unopened::Refused)?;
    calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|error| {
        tracing::info!(%error, "unreadable workbook uploaded");
        Unopened::Refused(WorkbookRefusal::Damaged)
    })
}

/// How much of one sheet [`read_sheet`] reads.
#[derive(Clone, Copy, Debug)]
pub struct SheetLimits {
    /// Columns read (A is 0); cells further right are ignored.
    pub columns: u32,
    /// Rows allowed (0-based row indexes below this); a value further down is refused.
    pub rows: u32,
    /// Each text is cut to this many characters (one more than any field takes, so a
    /// value too long is still seen to be too long).
    pub cell_chars: usize,
    /// Bytes of text all the sheets read together may hold.
    pub text_bytes: usize,
}

/// Why [`read_sheet`] read no range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetRefusal {
    /// Not there, or not readable.
    Missing,
    /// A value below the rows allowed, at (row, column).
    PastRows(u32, u32),
    /// More text than the limits allow.
    TooMuchText,
}

/// The sheet's cells within `limits`, read one by one so that a workbook with a stray
/// cell far away (say XFD1048576) costs no more than its cells — a whole range would
/// reserve every cell in between. Each text is cut to `limits.cell_chars` and counted in
/// `text_used`, so one long shared string referenced by every cell is not copied into
/// each.
pub fn read_sheet(
    workbook: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: SheetLimits,
    text_used: &mut usize,
) -> Result<calamine::Range<calamine::Data>, SheetRefusal> {
    use calamine::{Cell, Data, DataRef, Range};
    let unreadable = |error: calamine::XlsxError| {
        tracing::info!(%error, sheet = name, "unreadable sheet");
        SheetRefusal::Missing
    };
    let mut reader = workbook.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        if column >= limits.columns || matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        if row >= limits.rows {
            return Err(SheetRefusal::PastRows(row, column));
        }
        let mut text = |text: &str| {
            let text = crate::format::first_chars(text, limits.cell_chars).to_owned();
            *text_used += text.len();
            Data::String(text)
        };
        let value = match cell.get_value() {
            DataRef::String(value) => text(value),
            DataRef::SharedString(value) => text(value),
            other => Data::from(other.clone()),
        };
        if *text_used > limits.text_bytes {
            return Err(SheetRefusal::TooMuchText);
        }
        cells.push(Cell::new((row, column), value));
    }
    Ok(Range::from_sparse(cells))
}

/// Checks that opening `bytes` as a workbook stays within the ceilings above.
pub fn prescan(bytes: &[u8]) -> Result<(), WorkbookRefusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
        tracing::info!(%error, "upload is not a readable zip");
        WorkbookRefusal::Damaged
    })?;
    if archive.len() > MAX_PARTS {
        return Err(WorkbookRefusal::TooManyParts);
    }
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|error| {
            tracing::info!(%error, index, "unreadable part in upload");
            WorkbookRefusal::Damaged
        })?;
        if part.encrypted() {
            return Err(WorkbookRefusal::Damaged);
        }
        let shared_strings = part
            .name()
            .map(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml"))
            .unwrap_or(false);
        let ceiling = if shared_strings {
            MAX_SHARED_STRING_BYTES
        } else {
            MAX_PART_BYTES
        };
        let compressed = part.compressed_size().max(1);
        let mut scan = PartScan::default();
        loop {
            let read = part.read(&mut buffer).map_err(|error| {
                tracing::info!(%error, index, "damaged part in upload");
                WorkbookRefusal::Damaged
            })?;
            if read == 0 {
                break;
            }
            total += read as u64;
            let inflated = scan.inflated + read as u64;
            if inflated > RATIO_FLOOR_BYTES && inflated / compressed > MAX_RATIO {
                return Err(WorkbookRefusal::Bomb);
            }
            if inflated > ceiling || total > MAX_TOTAL_BYTES {
                return Err(WorkbookRefusal::TooLarge);
            }
            scan.take(&buffer[..read])?;
        }
        scan.finish()?;
    }
    Ok(())
}

/// The most bytes between two `<` in any part: an XML reader buffers a whole text or tag,
/// so this bounds what one cell's value or one tag can make it hold (Excel's longest cell,
/// escaped, is far shorter).
pub const MAX_RUN_BYTES: u64 = 1024 * 1024;
/// Bytes kept from the end of one chunk so a `uniqueCount` split across chunks is read whole.
const CARRY_BYTES: usize = 256;

/// What is learnt about one part while it is inflated.
#[derive(Default)]
struct PartScan {
    inflated: u64,
    /// Bytes since the last `<`.
    run: u64,
    /// The largest `uniqueCount` declared anywhere in the part.
    declared: u64,
    carry: Vec<u8>,
}

impl PartScan {
    fn take(&mut self, chunk: &[u8]) -> Result<(), WorkbookRefusal> {
        self.inflated += chunk.len() as u64;
        for piece in chunk.split_inclusive(|byte| *byte == b'<') {
            self.run += piece.len() as u64;
            if self.run > MAX_RUN_BYTES {
                return Err(WorkbookRefusal::LongValue);
            }
            if piece.last() == Some(&b'<') {
                self.run = 0;
            }
        }
        let mut window = std::mem::take(&mut self.carry);
        window.extend_from_slice(chunk);
        self.declared = self.declared.max(largest_unique_count(&window));
        let keep = window.len().saturating_sub(CARRY_BYTES);
        self.carry = window.split_off(keep);
        Ok(())
    }

    /// calamine reserves room for the `uniqueCount` its shared-string table declares before
    /// reading a string. Whatever the XML around it (comments, processing instructions,
    /// prefixes), any such count anywhere in any part must fit the part's size and the
    /// ceiling.
    fn finish(&self) -> Result<(), WorkbookRefusal> {
        if self.declared > MAX_SHARED_STRINGS
            || self.declared > self.inflated / MIN_SHARED_STRING_BYTES
        {
            return Err(WorkbookRefusal::SharedStrings);
        }
        Ok(())
    }
}

/// The largest number given to any `uniqueCount` attribute in `bytes`: its leading digits
/// (a `+` allowed, as a number parser may), saturating, so a count too long to be a number
/// is the largest of all. Read more widely than an XML reader would, never less.
fn largest_unique_count(bytes: &[u8]) -> u64 {
    const NAME: &[u8] = b"uniqueCount";
    let mut largest = 0;
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], NAME) {
        let rest = trim_start(&bytes[from + at + NAME.len()..]);
        from += at + NAME.len();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_start(rest);
        let Some((quote, rest)) = rest.split_first() else {
            continue;
        };
        if *quote != b'"' && *quote != b'\'' {
            continue;
        }
        let rest = rest.strip_prefix(b"+").unwrap_or(rest);
        let value =
            rest.iter()
                .take_while(|byte| byte.is_ascii_digit())
                .fold(0u64, |count, digit| {
                    count
                        .saturating_mul(10)
                        .saturating_add(u64::from(digit - b'0'))
                });
        largest = largest.max(value);
    }
    largest
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_whitespace())
        .count();
    &bytes[skip..]
}

/// Where `needle` (not empty) first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(offset) = haystack.get(from..)?.iter().position(|byte| *byte == first) {
        let at = from + offset;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(parts: &[&[u8]]) -> Result<(), WorkbookRefusal> {
        let mut scan = PartScan::default();
        for part in parts {
            scan.take(part)?;
        }
        scan.finish()
    }

    #[test]
    fn any_declared_count_is_read_whatever_the_xml_around_it() {
        let padding = "<si/>".repeat(2_000);
        for header in [
            r#"<?xml version="1.0"?><sst uniqueCount="2">"#.to_owned(),
            r#"<?x '?><sst uniqueCount="1000000000000000"><!-- '?>"#.to_owned(),
            r#"<a:b:sst/><sst uniqueCount="1000000000000000">"#.to_owned(),
            "<sst\x0c/><sst uniqueCount = '+4000000000'>".to_owned(),
            r#"<sst uniqueCount="99999999999999999999999999">"#.to_owned(),
        ] {
            let text = format!("{header}{padding}</sst>");
            let honest = header.contains(r#"uniqueCount="2""#);
            assert_eq!(scanned(&[text.as_bytes()]).is_ok(), honest, "{header}");
        }
    }

    #[test]
    fn a_count_split_across_chunks_is_still_read() {
        let text = format!(r#"<sst uniqueCount="40000000">{}"#, "<si/>".repeat(100));
        let (first, second) = text.as_bytes().split_at(17);
        assert_eq!(
            scanned(&[first, second]),
            Err(WorkbookRefusal::SharedStrings)
        );
    }

    #[test]
    fn a_count_the_table_cannot_hold_is_refused() {
        let small = format!(r#"<sst uniqueCount="1000">{}"#, "<si/>".repeat(10));
        assert_eq!(
            scanned(&[small.as_bytes()]),
            Err(WorkbookRefusal::SharedStrings)
        );
        let fits = format!(r#"<sst uniqueCount="1000">{}"#, "<si/>".repeat(1_000));
        assert_eq!(scanned(&[fits.as_bytes()]), Ok(()));
    }

    #[test]
    fn one_value_longer_than_a_cell_can_be_is_refused() {
        let long = vec![b'a'; MAX_RUN_BYTES as usize + 1];
        let chunks: Vec<&[u8]> = long.chunks(64 * 1024).collect();
        assert_eq!(scanned(&chunks), Err(WorkbookRefusal::LongValue));
        let tags = "<c><v>1</v></c>".repeat(200_000);
        assert_eq!(scanned(&[tags.as_bytes()]), Ok(()));
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_damaged() {
        assert_eq!(
            prescan(b"PK\x03\x04 nothing"),
            Err(WorkbookRefusal::Damaged)
        );
    }
}
