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
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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
/// Where the table's `<sst …>` start tag must be.
const SHARED_STRING_HEADER_BYTES: usize = 64 * 1024;

/// Workbook checks that may run at once: each holds a core, and the machine has two.
pub const PARSES_AT_ONCE: usize = 2;
/// How long an upload waits for a free slot before it is told Linkway is busy.
pub const SLOT_WAIT: Duration = Duration::from_secs(30);
/// How long an upload waits for its check; the pre-scan bounds the check's work, so one
/// that is still running past this ends soon after, holding its slot until it does.
pub const CHECK_TIME_LIMIT: Duration = Duration::from_secs(90);

/// The slots workbook checks run in (shared by every request through `AppState`).
#[derive(Clone, Debug)]
pub struct ParseSlots(Arc<Semaphore>);

impl Default for ParseSlots {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(PARSES_AT_ONCE)))
    }
}

impl ParseSlots {
    /// A slot, waiting at most `wait` for one; `None` when Linkway stays busy that long.
    pub async fn acquire(&self, wait: Duration) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(wait, self.0.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }
}

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
}

impl WorkbookRefusal {
    /// The sentence the person who uploaded the file sees.
    pub fn message(&self) -> &'static str {
        match self {
            Self::Damaged => "The file could not be opened as an Excel workbook; it may be damaged. Download a new template, copy your figures into it and upload that.",
            Self::TooManyParts | Self::TooLarge => "The workbook holds far more than a return can: it expands to more than Linkway can check. Download a new template, copy your figures into it and upload that.",
            Self::Bomb => "The workbook is compressed far more than a spreadsheet can be, so Linkway will not open it. Download a new template, copy your figures into it and upload that.",
            Self::SharedStrings => "The workbook's list of text values is damaged (it claims more entries than it holds). Download a new template, copy your figures into it and upload that.",
        }
    }
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
        let mut header = Vec::new();
        let mut inflated: u64 = 0;
        loop {
            let read = part.read(&mut buffer).map_err(|error| {
                tracing::info!(%error, index, "damaged part in upload");
                WorkbookRefusal::Damaged
            })?;
            if read == 0 {
                break;
            }
            inflated += read as u64;
            total += read as u64;
            if inflated > RATIO_FLOOR_BYTES && inflated / compressed > MAX_RATIO {
                return Err(WorkbookRefusal::Bomb);
            }
            if inflated > ceiling || total > MAX_TOTAL_BYTES {
                return Err(WorkbookRefusal::TooLarge);
            }
            if shared_strings && header.len() < SHARED_STRING_HEADER_BYTES {
                let room = SHARED_STRING_HEADER_BYTES - header.len();
                header.extend_from_slice(&buffer[..read.min(room)]);
            }
        }
        if shared_strings {
            check_shared_strings(&header, inflated)?;
        }
    }
    Ok(())
}

/// The declared `uniqueCount` must fit the table's size and the ceiling.
fn check_shared_strings(header: &[u8], size: u64) -> Result<(), WorkbookRefusal> {
    match declared_unique_count(header) {
        Header::Missing if size as usize > header.len() => Err(WorkbookRefusal::SharedStrings),
        Header::Missing | Header::NoCount => Ok(()),
        Header::Count(count)
            if count > MAX_SHARED_STRINGS || count > size / MIN_SHARED_STRING_BYTES =>
        {
            Err(WorkbookRefusal::SharedStrings)
        }
        Header::Count(_) => Ok(()),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Header {
    /// No `<sst>` start tag in the header bytes.
    Missing,
    /// The tag declares no count calamine would read.
    NoCount,
    Count(u64),
}

/// The `uniqueCount` of the first `sst` start tag (any namespace prefix), skipping the XML
/// declaration, processing instructions and comments, and reading quoted attribute values
/// as an XML reader does. A count too long to be a number saturates, so it is refused
/// rather than ignored.
fn declared_unique_count(header: &[u8]) -> Header {
    let mut at = 0;
    while let Some(offset) = header[at..].iter().position(|byte| *byte == b'<') {
        let tag = &header[at + offset..];
        if tag.starts_with(b"<!--") {
            match find(tag, b"-->") {
                Some(end) => at += offset + end + 3,
                None => return Header::Missing,
            }
            continue;
        }
        let Some(end) = tag_end(tag) else {
            return Header::Missing;
        };
        let inside = &tag[1..end];
        at += offset + end + 1;
        let name_end = inside
            .iter()
            .position(|byte| byte.is_ascii_whitespace() || *byte == b'/')
            .unwrap_or(inside.len());
        let name = &inside[..name_end];
        let local = name.rsplit(|byte| *byte == b':').next().unwrap_or(name);
        if local == b"sst" {
            return unique_count(&inside[name_end..]);
        }
    }
    Header::Missing
}

/// Where the tag starting at `tag[0] == b'<'` ends: its `>` outside quoted values.
fn tag_end(tag: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (index, byte) in tag.iter().enumerate() {
        match (quote, *byte) {
            (None, b'>') => return Some(index),
            (None, b'"' | b'\'') => quote = Some(*byte),
            (Some(open), byte) if byte == open => quote = None,
            _ => {}
        }
    }
    None
}

/// The first `uniqueCount="…"` attribute among `attributes`.
fn unique_count(mut attributes: &[u8]) -> Header {
    loop {
        attributes = trim_start(attributes);
        let name_end = attributes
            .iter()
            .position(|byte| byte.is_ascii_whitespace() || *byte == b'=')
            .unwrap_or(attributes.len());
        if name_end == 0 {
            return Header::NoCount;
        }
        let name = &attributes[..name_end];
        let rest = trim_start(&attributes[name_end..]);
        let Some(rest) = rest.strip_prefix(b"=") else {
            return Header::NoCount;
        };
        let rest = trim_start(rest);
        let Some((quote, rest)) = rest.split_first() else {
            return Header::NoCount;
        };
        if *quote != b'"' && *quote != b'\'' {
            return Header::NoCount;
        }
        let Some(value_end) = rest.iter().position(|byte| byte == quote) else {
            return Header::NoCount;
        };
        let value = &rest[..value_end];
        attributes = &rest[value_end + 1..];
        if name != b"uniqueCount" {
            continue;
        }
        if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
            return Header::NoCount;
        }
        return Header::Count(value.iter().fold(0u64, |count, digit| {
            count
                .saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'))
        }));
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_whitespace())
        .count();
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_count_is_read_from_the_sst_tag_whatever_its_prefix() {
        let header = br#"<?xml version="1.0"?><!-- <sst uniqueCount="9"> --><x:sst xmlns:x="a" count="3" uniqueCount = '2'><si/>"#;
        assert_eq!(declared_unique_count(header), Header::Count(2));
        assert_eq!(
            declared_unique_count(br#"<sst count="3"><si/>"#),
            Header::NoCount
        );
        assert_eq!(declared_unique_count(b"<?xml?><other/>"), Header::Missing);
        assert_eq!(
            declared_unique_count(br#"<sst uniqueCount="99999999999999999999999999">"#),
            Header::Count(u64::MAX)
        );
        assert_eq!(
            declared_unique_count(br#"<sst a=">" xuniqueCount="1" uniqueCount="77">"#),
            Header::Count(77)
        );
    }

    #[test]
    fn a_count_the_table_cannot_hold_is_refused() {
        let header = br#"<sst uniqueCount="1000">"#;
        assert_eq!(
            check_shared_strings(header, 200),
            Err(WorkbookRefusal::SharedStrings)
        );
        assert_eq!(check_shared_strings(header, 100_000), Ok(()));
        let huge = br#"<sst uniqueCount="5000000">"#;
        assert_eq!(
            check_shared_strings(huge, 100_000_000),
            Err(WorkbookRefusal::SharedStrings)
        );
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_damaged() {
        assert_eq!(
            prescan(b"PK\x03\x04 nothing"),
            Err(WorkbookRefusal::Damaged)
        );
    }
}
