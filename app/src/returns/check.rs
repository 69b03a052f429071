//! Reads an uploaded return with calamine and checks every cell: the file is a workbook,
//! it is this period's and this borough's current template, and each value has the right
//! type, range and code. Every problem is collected, with its sheet and cell, so the
//! submitter sees them all at once; a return with any problem yields no content.
//!
//! Synchronous and CPU-bound: the upload handler runs it off the async runtime.

use super::model::{
    Employer, NeedTheme, Ons4Measure, OutcomeLine, Problem, ReferralLine, ReturnContent,
    UnmetNeedLine, WhyUnmet, WorkforceLine, WorkforceRole,
};
use super::template::{
    ABOUT, ABOUT_BOROUGH_ROW, ABOUT_PERIOD_ROW, ABOUT_VERSION_ROW, BOROUGH_WIDE, FIRST_DATA_ROW,
    OUTCOMES, PEOPLE_REFERRED, REFERRALS, TEMPLATE_VERSION, TITLE, UNMET_NEED, WORKFORCE,
};
use crate::codes::CodeList;
use crate::format::shortened;
use crate::plumbing::workbook_limits::{read_sheet, SheetLimits, SheetRefusal, Unopened};
use calamine::{Data, Range, Reader, Xlsx};
use std::collections::HashMap;
use std::io::Cursor;

/// Problems kept per upload; beyond this one more line says how many were left out.
pub const MAX_PROBLEMS: usize = 500;
/// Data rows a sheet may hold (a borough's return is far smaller).
pub const MAX_ROWS: u32 = 100_000;
/// Columns the sheets use; cells further right are not read.
const MAX_COLUMNS: u32 = 8;
/// Ceilings no real return reaches: a count above them is a typing slip.
const MAX_COUNT: i64 = 10_000_000;
const MAX_WTE: f64 = 100_000.0;
const PCN_TEXT: usize = crate::boroughs::MAX_PCN_NAME_CHARS;
const NOTES_TEXT: usize = 1000;
/// Characters of one cell's text kept when the sheet is read: more than any field allows,
/// so an over-long value is still reported, but a workbook cannot make Linkway copy one
/// long string into every cell.
const MAX_CELL_CHARS: usize = NOTES_TEXT + 1;
/// Bytes of cell text the whole return may hold once read (a full 100,000-row return with
/// notes on every row needs about a quarter of this).
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Characters of an offending value kept in a problem.
pub const MAX_PROBLEM_VALUE_CHARS: usize = 100;

/// What the upload must be: this borough's return for this period.
pub struct Expected<'a> {
    pub borough_code: &'a str,
    pub borough_name: &'a str,
    pub period_code: &'a str,
    pub themes: &'a [NeedTheme],
    /// The borough's PCNs recorded in Linkway, by name: when there are any, each workforce
    /// row names one of them or Borough-wide.
    pub pcns: &'a [String],
}

/// A problem with the whole file rather than a cell.
pub fn file_problem(message: impl Into<String>) -> Problem {
    Problem {
        sheet: String::new(),
        cell: String::new(),
        value: String::new(),
        message: message.into(),
    }
}

/// The return's content, or every problem found in it.
pub fn check_return(bytes: &[u8], expected: &Expected) -> Result<ReturnContent, Vec<Problem>> {
    let mut workbook = open(bytes).map_err(|problem| vec![problem])?;
    let mut budget = TextBudget::default();
    let about = match sheet(&mut workbook, ABOUT, &mut budget) {
        Ok(about) => about,
        Err(SheetProblem::TooLarge(problem)) => return Err(vec![problem]),
        Err(_) => return Err(vec![not_the_template()]),
    };
    let template_version = recognise(&about, expected)?;
    let mut problems = Problems::default();
    let mut sheets = Vec::new();
    for name in [WORKFORCE, REFERRALS, UNMET_NEED, OUTCOMES] {
        match sheet(&mut workbook, name, &mut budget) {
            Ok(range) => sheets.push(range),
            Err(SheetProblem::TooLarge(problem)) => problems.add(problem),
            Err(SheetProblem::Missing) => {
                problems.add(file_problem(format!(
                    "The {name} sheet is missing. Download a new template and copy your figures into it."
                )));
            }
        }
    }
    let [workforce_sheet, referral_sheet, unmet_sheet, outcome_sheet] = sheets.as_slice() else {
        return Err(problems.finish());
    };
    let themes: HashMap<String, &NeedTheme> = expected
        .themes
        .iter()
        .map(|theme| (theme.name.trim().to_lowercase(), theme))
        .collect();
    let workforce = workforce(workforce_sheet, expected, &mut problems);
    let (people_referred, referrals) = referrals(referral_sheet, &themes, &mut problems);
    let unmet_needs = unmet_needs(unmet_sheet, &themes, &mut problems);
    let outcomes = outcomes(outcome_sheet, &mut problems);
    if problems.is_empty() {
        Ok(ReturnContent {
            template_version: Some(template_version),
            people_referred,
            workforce,
            referrals,
            unmet_needs,
            outcomes,
        })
    } else {
        Err(problems.finish())
    }
}

/// The workbook, or a sentence saying why the file is not one we can read.
fn open(bytes: &[u8]) -> Result<Xlsx<Cursor<&[u8]>>, Problem> {
    crate::plumbing::workbook_limits::open(bytes).map_err(|unopened| {
        file_problem(match unopened {
            Unopened::Empty => {
                "The file is empty. Choose the completed return and upload it again."
            }
            Unopened::OldOrEncrypted => {
                "The file is password-protected or saved in the old .xls format. Remove the password, save it as an Excel Workbook (.xlsx) and upload it again."
            }
            Unopened::NotAWorkbook => {
                "The file is not an Excel workbook. Save the return as an Excel Workbook (.xlsx) and upload it again."
            }
            Unopened::Refused(refusal) => refusal.message(),
        })
    })
}

enum SheetProblem {
    /// Not there, or not readable.
    Missing,
    /// More rows than a return can have.
    TooLarge(Problem),
}

/// Bytes of cell text read so far, against [`MAX_TEXT_BYTES`].
#[derive(Default)]
struct TextBudget {
    used: usize,
}

/// The sheet's cells in the columns a return uses, read within the return's limits
/// ([`crate::plumbing::workbook_limits::read_sheet`]).
fn sheet(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    budget: &mut TextBudget,
) -> Result<Range<Data>, SheetProblem> {
    if !workbook.sheet_names().iter().any(|sheet| sheet == name) {
        return Err(SheetProblem::Missing);
    }
    let limits = SheetLimits {
        columns: MAX_COLUMNS,
        rows: FIRST_DATA_ROW + MAX_ROWS,
        cell_chars: MAX_CELL_CHARS,
        text_bytes: MAX_TEXT_BYTES,
    };
    read_sheet(workbook, name, limits, &mut budget.used).map_err(|refusal| match refusal {
        SheetRefusal::Missing => SheetProblem::Missing,
        SheetRefusal::PastRows(row, column) => SheetProblem::TooLarge(Problem {
            sheet: name.to_owned(),
            cell: cell_name(row, column as u16),
            value: String::new(),
            message: format!(
                "The {name} sheet has data beyond row {}; a return holds at most {MAX_ROWS} rows. Remove what is below them.",
                FIRST_DATA_ROW + MAX_ROWS
            ),
        }),
        SheetRefusal::TooMuchText => SheetProblem::TooLarge(file_problem(format!(
            "The workbook holds more than {} MB of text; a return needs far less. Remove text that is not part of the return and upload it again.",
            MAX_TEXT_BYTES / (1024 * 1024)
        ))),
    })
}

/// An offending value as a problem keeps it: at most [`MAX_PROBLEM_VALUE_CHARS`]
/// characters, with "…" where it was cut.
pub fn shown_value(text: &str) -> String {
    shortened(text, MAX_PROBLEM_VALUE_CHARS).into_owned()
}

fn not_the_template() -> Problem {
    file_problem(
        "This is not the Linkway quarterly return template. Download the template for this borough and period from this page, fill it in and upload that.",
    )
}

/// Checks `About` names the expected borough, period and the current template version.
fn recognise(about: &Range<Data>, expected: &Expected) -> Result<i64, Vec<Problem>> {
    if text(about.get_value((0, 0))) != TITLE {
        return Err(vec![not_the_template()]);
    }
    let version_cell = about.get_value((ABOUT_VERSION_ROW, 1));
    let Some(version) = whole(version_cell) else {
        return Err(vec![not_the_template()]);
    };
    let mut problems = Vec::new();
    if version != TEMPLATE_VERSION {
        problems.push(Problem {
            sheet: ABOUT.into(),
            cell: cell_name(ABOUT_VERSION_ROW, 1),
            value: version.to_string(),
            message: format!(
                "This return uses template version {version}; the current version is {TEMPLATE_VERSION}. Download the current template and copy your figures into it."
            ),
        });
    }
    let borough = shown_value(&text(about.get_value((ABOUT_BOROUGH_ROW, 1))));
    if borough != expected.borough_code {
        problems.push(Problem {
            sheet: ABOUT.into(),
            cell: cell_name(ABOUT_BOROUGH_ROW, 1),
            value: borough.clone(),
            message: format!(
                "This return is for another borough ({borough}), not {}. Upload it on that borough's page, or download {}'s template.",
                expected.borough_name, expected.borough_name
            ),
        });
    }
    let period = shown_value(&text(about.get_value((ABOUT_PERIOD_ROW, 1))));
    if period != expected.period_code {
        problems.push(Problem {
            sheet: ABOUT.into(),
            cell: cell_name(ABOUT_PERIOD_ROW, 1),
            value: period.clone(),
            message: format!(
                "This return is for {}, not {}. Upload it for that period, or download the {} template.",
                if period.is_empty() { "another period" } else { period.as_str() },
                expected.period_code,
                expected.period_code
            ),
        });
    }
    if problems.is_empty() {
        Ok(version)
    } else {
        Err(problems)
    }
}

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
    left_out: usize,
}

impl Problems {
    fn add(&mut self, problem: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.left_out += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn finish(mut self) -> Vec<Problem> {
        if self.left_out > 0 {
            self.list.push(file_problem(format!(
                "There are {} more problems not listed. Correct the ones above and upload again to see the rest.",
                self.left_out
            )));
        }
        self.list
    }
}

/// `E12` for 0-based row 11, column 4.
pub fn cell_name(row: u32, column: u16) -> String {
    let mut letters = String::new();
    let mut n = u32::from(column) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The text a cell shows (numbers without a trailing `.0`), trimmed.
fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(text)) => text
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_owned(),
        Some(Data::Float(number)) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{}", *number as i64)
        }
        Some(other) => other.to_string().trim().to_owned(),
    }
}

fn is_blank(cell: Option<&Data>) -> bool {
    text(cell).is_empty()
}

fn number(cell: Option<&Data>) -> Option<f64> {
    match cell {
        Some(Data::Float(number)) => Some(*number),
        Some(Data::Int(number)) => Some(*number as f64),
        Some(Data::String(text)) => text.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|number| number.is_finite())
}

fn whole(cell: Option<&Data>) -> Option<i64> {
    number(cell)
        .filter(|number| number.fract() == 0.0 && number.abs() < 1e15)
        .map(|number| number as i64)
}

/// One data row being checked: reads its cells and files problems against them.
struct Row<'a> {
    sheet: &'static str,
    range: &'a Range<Data>,
    row: u32,
    problems: &'a mut Problems,
    ok: bool,
}

impl Row<'_> {
    fn cell(&self, column: u16) -> Option<&Data> {
        self.range.get_value((self.row, u32::from(column)))
    }

    fn problem(&mut self, column: u16, message: impl Into<String>) {
        let value = shown_value(&text(self.cell(column)));
        self.problems.add(Problem {
            sheet: self.sheet.into(),
            cell: cell_name(self.row, column),
            value,
            message: message.into(),
        });
        self.ok = false;
    }

    fn required_text(&mut self, column: u16, label: &str, max: usize) -> String {
        let value = text(self.cell(column));
        if value.is_empty() {
            self.problem(column, format!("Enter {label}"));
        } else if value.chars().count() > max {
            self.problem(
                column,
                format!("{} must be {max} characters or fewer", capital(label)),
            );
        }
        value
    }

    fn optional_text(&mut self, column: u16, label: &str, max: usize) -> Option<String> {
        let value = text(self.cell(column));
        if value.chars().count() > max {
            self.problem(
                column,
                format!("{} must be {max} characters or fewer", capital(label)),
            );
        }
        Some(value).filter(|value| !value.is_empty())
    }

    fn coded<T: CodeList>(&mut self, column: u16, label: &str) -> Option<T> {
        let value = text(self.cell(column));
        if value.is_empty() {
            self.problem(column, format!("Choose {label} from the list"));
            return None;
        }
        let found = T::from_label(&value).or_else(|| T::from_code(&value));
        if found.is_none() {
            self.problem(
                column,
                format!("Choose {label} from the list: {}", T::labels().join(", ")),
            );
        }
        found
    }

    fn theme<'t>(
        &mut self,
        column: u16,
        themes: &HashMap<String, &'t NeedTheme>,
        label: &str,
    ) -> Option<&'t NeedTheme> {
        let value = text(self.cell(column));
        if value.is_empty() {
            self.problem(column, format!("Choose {label} from the list"));
            return None;
        }
        let found = themes.get(&value.to_lowercase()).copied();
        if found.is_none() {
            self.problem(
                column,
                format!(
                    "Choose {label} from the list; \"{}\" is not on Linkway's list of need themes",
                    shown_value(&value)
                ),
            );
        }
        found
    }

    /// A whole number, at least `minimum`; `None` (with a problem) otherwise.
    fn whole(&mut self, column: u16, label: &str, minimum: i64, required: bool) -> Option<i64> {
        if is_blank(self.cell(column)) {
            if required {
                self.problem(column, format!("Enter {label}"));
            }
            return None;
        }
        match whole(self.cell(column)) {
            Some(value) if value > MAX_COUNT => {
                self.problem(
                    column,
                    format!(
                        "{} is larger than any return could hold; check the cell",
                        capital(label)
                    ),
                );
                None
            }
            Some(value) if value >= minimum => Some(value),
            _ => {
                self.problem(
                    column,
                    format!(
                        "{} must be a whole number, {minimum} or more",
                        capital(label)
                    ),
                );
                None
            }
        }
    }

    /// A number in `minimum..=maximum`.
    fn decimal(
        &mut self,
        column: u16,
        label: &str,
        (minimum, maximum): (f64, f64),
        required: bool,
    ) -> Option<f64> {
        if is_blank(self.cell(column)) {
            if required {
                self.problem(column, format!("Enter {label}"));
            }
            return None;
        }
        match number(self.cell(column)) {
            Some(value) if value > MAX_WTE => {
                self.problem(
                    column,
                    format!(
                        "{} is larger than any return could hold; check the cell",
                        capital(label)
                    ),
                );
                None
            }
            Some(value) if value >= minimum && value <= maximum => Some(value),
            _ if maximum.is_infinite() => {
                self.problem(
                    column,
                    format!("{} must be a number, {minimum} or more", capital(label)),
                );
                None
            }
            _ => {
                self.problem(
                    column,
                    format!(
                        "{} must be a number from {minimum} to {maximum}",
                        capital(label)
                    ),
                );
                None
            }
        }
    }
}

fn capital(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The data rows of a sheet that have anything in their first `columns` columns.
fn data_rows(range: &Range<Data>, columns: u16) -> Vec<u32> {
    let Some((last_row, _)) = range.end() else {
        return Vec::new();
    };
    (FIRST_DATA_ROW..=last_row)
        .filter(|row| {
            (0..columns).any(|column| !is_blank(range.get_value((*row, u32::from(column)))))
        })
        .collect()
}

fn workforce(
    range: &Range<Data>,
    expected: &Expected,
    problems: &mut Problems,
) -> Vec<WorkforceLine> {
    // A recorded PCN as the list offers it, whatever the case it was typed in.
    let known_pcns: HashMap<String, &String> = expected
        .pcns
        .iter()
        .map(|name| (name.to_lowercase(), name))
        .collect();
    let mut lines = Vec::new();
    let mut seen: HashMap<(String, WorkforceRole, &'static str), u32> = HashMap::new();
    for row_number in data_rows(range, 6) {
        let mut row = Row {
            sheet: WORKFORCE,
            range,
            row: row_number,
            problems,
            ok: true,
        };
        let mut pcn = row.required_text(0, "the PCN name, or Borough-wide", PCN_TEXT);
        if !known_pcns.is_empty() && !pcn.is_empty() {
            if pcn.eq_ignore_ascii_case(BOROUGH_WIDE) {
                pcn = BOROUGH_WIDE.to_owned();
            } else if let Some(known) = known_pcns.get(&pcn.to_lowercase()) {
                pcn = (*known).clone();
            } else {
                row.problem(
                    0,
                    format!(
                        "{pcn} is not one of {}'s PCNs recorded in Linkway: choose a PCN from the list, or Borough-wide (ask the ICB team if a PCN is missing)",
                        expected.borough_name
                    ),
                );
            }
        }
        let role = row.coded::<WorkforceRole>(1, "a role");
        let employer = row.coded::<Employer>(2, "an employer type");
        let headcount = row.whole(3, "the headcount", 0, true);
        let wte = row.decimal(4, "the WTE", (0.0, f64::INFINITY), true);
        let vacancies = row.decimal(5, "the vacancies (WTE)", (0.0, f64::INFINITY), false);
        if let (Some(headcount), Some(wte)) = (headcount, wte) {
            if wte > headcount as f64 * 1.0 + 1e-9 {
                row.problem(
                    4,
                    format!("WTE ({wte}) cannot be more than the headcount ({headcount}): one person is at most 1.0 WTE"),
                );
            }
        }
        if let (Some(role), Some(employer)) = (role, employer) {
            let key = (pcn.to_lowercase(), role, employer.code());
            if let Some(first) = seen.get(&key) {
                row.problem(
                    0,
                    format!("This PCN, role and employer type are already on row {}; put them on one row", first + 1),
                );
            } else {
                seen.insert(key, row_number);
            }
        }
        if let (true, Some(role), Some(employer), Some(wte)) = (row.ok, role, employer, wte) {
            lines.push(WorkforceLine {
                pcn,
                role,
                employer,
                headcount,
                wte,
                vacancies: vacancies.unwrap_or(0.0),
            });
        }
    }
    lines
}

fn referrals(
    range: &Range<Data>,
    themes: &HashMap<String, &NeedTheme>,
    problems: &mut Problems,
) -> (Option<i64>, Vec<ReferralLine>) {
    let (total_row, total_column) = PEOPLE_REFERRED;
    let mut total = Row {
        sheet: REFERRALS,
        range,
        row: total_row,
        problems,
        ok: true,
    };
    let people_referred = total.whole(total_column, "the people referred in the quarter", 0, true);
    let mut lines = Vec::new();
    let mut seen: HashMap<i64, u32> = HashMap::new();
    for row_number in data_rows(range, 2) {
        let mut row = Row {
            sheet: REFERRALS,
            range,
            row: row_number,
            problems,
            ok: true,
        };
        let theme = row.theme(0, themes, "a referral reason");
        let referrals = row.whole(1, "the referrals", 0, true);
        if let (Some(referrals), Some(people)) = (referrals, people_referred) {
            if referrals > people {
                row.problem(
                    1,
                    format!(
                        "Referrals for one reason ({referrals}) cannot be more than the people referred in the quarter ({people}, {REFERRALS}!{})",
                        cell_name(total_row, total_column)
                    ),
                );
            }
        }
        if let Some(theme) = theme {
            if let Some(first) = seen.get(&theme.id) {
                row.problem(
                    0,
                    format!(
                        "This reason is already on row {}; put its referrals on one row",
                        first + 1
                    ),
                );
            } else {
                seen.insert(theme.id, row_number);
            }
        }
        if let (true, Some(theme), Some(referrals)) = (row.ok, theme, referrals) {
            lines.push(ReferralLine {
                theme: theme.name.clone(),
                referrals,
            });
        }
    }
    (people_referred, lines)
}

fn unmet_needs(
    range: &Range<Data>,
    themes: &HashMap<String, &NeedTheme>,
    problems: &mut Problems,
) -> Vec<UnmetNeedLine> {
    let mut lines = Vec::new();
    for row_number in data_rows(range, 5) {
        let mut row = Row {
            sheet: UNMET_NEED,
            range,
            row: row_number,
            problems,
            ok: true,
        };
        let theme = row.theme(0, themes, "a need theme");
        let people = row.whole(1, "the people", 1, true);
        let place = row.optional_text(2, "the PCN or ward", PCN_TEXT);
        let reason = row.coded::<WhyUnmet>(3, "why the need was unmet");
        let notes = row.optional_text(4, "the notes", NOTES_TEXT);
        if let (true, Some(theme), Some(people), Some(reason)) = (row.ok, theme, people, reason) {
            lines.push(UnmetNeedLine {
                theme: theme.name.clone(),
                people,
                place,
                reason,
                notes,
            });
        }
    }
    lines
}

fn outcomes(range: &Range<Data>, problems: &mut Problems) -> Vec<OutcomeLine> {
    let mut lines = Vec::new();
    for (row_number, measure) in (FIRST_DATA_ROW..).zip(Ons4Measure::ALL) {
        let label = measure.label();
        let mut row = Row {
            sheet: OUTCOMES,
            range,
            row: row_number,
            problems,
            ok: true,
        };
        if !text(row.cell(0)).eq_ignore_ascii_case(label) {
            row.problem(
                0,
                format!("This row is for {label}; do not change the measure names"),
            );
            continue;
        }
        let scale = (0.0, 10.0);
        let before_mean = row.decimal(1, "the mean before", scale, false);
        let before_n = row.whole(2, "the people before", 0, false);
        let after_mean = row.decimal(3, "the mean after", scale, false);
        let after_n = row.whole(4, "the people after", 0, false);
        for (mean, n, mean_column, n_column) in
            [(before_mean, before_n, 1, 2), (after_mean, after_n, 3, 4)]
        {
            if mean.is_some() && (is_blank(row.cell(n_column)) || n == Some(0)) {
                row.problem(
                    n_column,
                    "Enter how many people the mean is from (1 or more)",
                );
            }
            if is_blank(row.cell(mean_column)) && n.is_some_and(|n| n > 0) {
                row.problem(
                    mean_column,
                    "Enter the mean score for these people, from 0 to 10",
                );
            }
        }
        let any = [before_mean, after_mean].iter().any(Option::is_some);
        if row.ok && any {
            lines.push(OutcomeLine {
                measure,
                before_mean,
                before_n,
                after_mean,
                after_n,
            });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_count_columns_like_excel() {
        assert_eq!(cell_name(11, 4), "E12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
    }

    #[test]
    fn files_that_are_not_workbooks_are_named_for_what_they_are() {
        let themes = [];
        let expected = Expected {
            borough_code: "camden",
            borough_name: "Camden",
            period_code: "2025/26 Q1",
            themes: &themes,
            pcns: &[],
        };
        let message = |bytes: &[u8]| {
            check_return(bytes, &expected).unwrap_err()[0]
                .message
                .clone()
        };
        assert!(message(b"").contains("empty"));
        assert!(message(b"name,count\nhousing,3\n").contains("not an Excel workbook"));
        assert!(
            message(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])
                .contains("password-protected")
        );
        assert!(message(b"PK\x03\x04 truncated").contains("damaged"));
    }
}
