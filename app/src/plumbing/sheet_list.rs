//! A list uploaded as a spreadsheet (PCNs, an ICB's recommendations): the workbook read off
//! the async runtime in one of the shared workbook slots and within a time limit, its first
//! sheet read cell by cell within bounds, and every refusal a sentence that names what the
//! list holds. What the cells must say is the caller's.

use crate::error::AppError;
use crate::plumbing::limits::Turns;
use crate::plumbing::upload::Upload;
use crate::plumbing::workbook_limits::{
    read_sheet, SheetLimits, SheetRefusal, Unopened, CHECK_TIME_LIMIT,
};
use calamine::{Data, Reader};

/// What a list holds and how much of it is read.
#[derive(Clone, Copy, Debug)]
pub struct ListKind {
    /// "the list of PCNs": what to choose again.
    pub the: &'static str,
    /// "a list of PCNs": what the file should be.
    pub holds: &'static str,
    /// "PCNs": what it lists.
    pub items: &'static str,
    /// Items a list may have.
    pub max_rows: usize,
    /// Rows above the items (headings, a title).
    pub heading_rows: u32,
    /// Columns read (A is 0).
    pub columns: u32,
    /// Characters the longest cell may have (one more is read, to see it is too long).
    pub cell_chars: usize,
    /// The largest file accepted.
    pub max_bytes: usize,
}

/// The first sheet's cells, addressed by their place on the sheet.
pub struct Grid {
    range: calamine::Range<Data>,
    start: (u32, u32),
    end_row: u32,
}

impl Grid {
    /// The text of the cell at (`row`, `column`), trimmed; empty where there is none.
    pub fn cell(&self, row: u32, column: u32) -> String {
        let (Some(r), Some(c)) = (
            row.checked_sub(self.start.0),
            column.checked_sub(self.start.1),
        ) else {
            return String::new();
        };
        match self.range.get((r as usize, c as usize)) {
            Some(Data::String(text)) => text.trim().to_owned(),
            Some(Data::Float(number)) => number.to_string(),
            Some(Data::Int(number)) => number.to_string(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string().trim().to_owned(),
        }
    }

    /// The last row holding anything (0-based).
    pub fn last_row(&self) -> u32 {
        self.end_row
    }
}

/// A column's letter as a spreadsheet shows it (A for 0; lists here are narrower than Z).
pub fn column_letter(column: u32) -> char {
    char::from_u32(u32::from('A') + column.min(25)).unwrap_or('?')
}

/// The first sheet of the workbook in `bytes`, or the sentence that says why it cannot be
/// read. Only `kind.columns` columns and the rows a list of its length needs are read,
/// whatever the file declares.
pub fn first_sheet(bytes: &[u8], kind: &ListKind) -> Result<Grid, Vec<String>> {
    let ListKind {
        the, holds, items, ..
    } = *kind;
    let mut workbook = crate::plumbing::workbook_limits::open(bytes).map_err(|unopened| {
        vec![match unopened {
            Unopened::Empty => format!("The file is empty. Choose {the} and upload it again."),
            Unopened::OldOrEncrypted | Unopened::NotAWorkbook => {
                "The file is not an Excel workbook (.xlsx), or it is password-protected. Save the list as an Excel Workbook and upload it again.".to_owned()
            }
            Unopened::Refused(_) => format!(
                "The file could not be opened safely as an Excel workbook: it is damaged, or holds far more than {holds}. Save the list as a new Excel Workbook and upload that."
            ),
        }]
    })?;
    let Some(first) = workbook.sheet_names().first().cloned() else {
        return Err(vec![
            "The workbook has no sheet Linkway can read.".to_owned()
        ]);
    };
    let rows = kind.max_rows as u32 + kind.heading_rows;
    let limits = SheetLimits {
        columns: kind.columns,
        rows,
        cell_chars: kind.cell_chars + 1,
        text_bytes: kind.max_bytes,
    };
    let mut text_used = 0;
    let range = read_sheet(&mut workbook, &first, limits, &mut text_used).map_err(|refusal| {
        vec![match refusal {
            SheetRefusal::Missing => "The workbook's first sheet could not be read.".to_owned(),
            SheetRefusal::PastRows(row, _) => format!(
                "Row {}: the list goes on past row {rows}; Linkway takes at most {} {items} at a time. Remove what is below them.",
                row + 1,
                kind.max_rows,
            ),
            SheetRefusal::TooMuchText => format!(
                "The sheet holds far more text than {holds}. Save just the list and upload that."
            ),
        }]
    })?;
    // A sparse range starts at its first cell: cells are addressed by their place.
    let start = range.start().unwrap_or((0, 0));
    let end_row = range.end().map_or(0, |(row, _)| row);
    Ok(Grid {
        range,
        start,
        end_row,
    })
}

/// Reads `upload` with `read` in one of the shared workbook `slots`, off the async runtime
/// and within the time limit. The outer error is Linkway being too busy; the inner one
/// every problem with the file, a file too large among them.
pub async fn read_list<T: Send + 'static>(
    slots: &Turns,
    upload: Upload,
    kind: &ListKind,
    read: impl FnOnce(&[u8]) -> Result<T, Vec<String>> + Send + 'static,
) -> Result<Result<T, Vec<String>>, AppError> {
    if upload.too_large {
        return Ok(Err(vec![format!(
            "The file is larger than {} MB: {} is far smaller. Upload just the list.",
            kind.max_bytes / (1024 * 1024),
            kind.holds
        )]));
    }
    // The slot is held by the read itself: a read that outlives its time limit keeps its
    // slot until it ends.
    let Some(slot) = slots.take().await else {
        return Err(AppError::BadRequest {
            message: "Linkway is busy checking other workbooks. Try again in a minute.".into(),
        });
    };
    let bytes = upload.bytes;
    let check = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        read(&bytes)
    });
    Ok(match tokio::time::timeout(CHECK_TIME_LIMIT, check).await {
        Ok(Ok(read)) => read,
        _ => Err(vec!["Linkway could not finish reading this file. Save the list as a new Excel Workbook and upload that.".to_owned()]),
    })
}
